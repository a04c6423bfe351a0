import { scrubSecrets } from './scrub-secrets.ts';

/** Field names whose string values are secrets at any depth, beyond what the redact paths reach. */
export const sensitiveKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'refreshToken',
  'refresh_token',
  'accessToken',
  'access_token',
  'idToken',
  'id_token',
  'clientSecret',
  'client_secret',
  'password',
  'secret',
  'token',
  'key',
  'apiKey',
  'api_key',
] as const;

const sensitiveField = new RegExp(`("(?:${sensitiveKeys.join('|')})":)"(?:[^"\\\\]|\\\\.)*"`, 'gi');

/**
 * The last line of defence, applied to each serialized log line: it covers the message, bindings,
 * serialized errors (message, stack, cause) and objects nested deeper than the redact paths go.
 */
export function scrubLogLine(line: string): string {
  return scrubSecrets(line.replace(sensitiveField, '$1"[redacted]"'));
}
