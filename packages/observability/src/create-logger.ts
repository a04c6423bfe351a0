import type { LogLevel } from '@kirogate/config';
import { trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import { currentContext } from './request-context.ts';
import { scrubLogLine } from './scrub-log-line.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  /** Where lines go; standard output when omitted. */
  destination?: DestinationStream;
}

/**
 * Where credentials sit as whole values (arrays and objects included). Only explicit paths: each
 * wildcard path adds microseconds to every line, and `scrubLogLine` already catches string values
 * under these names at any depth.
 */
const redactPaths = [
  ...['req.headers', 'request.headers', 'headers'].flatMap((headers) =>
    ['authorization', 'cookie', '["x-api-key"]', '["set-cookie"]'].map((name) =>
      name.startsWith('[') ? `${headers}${name}` : `${headers}.${name}`,
    ),
  ),
  'res.headers["set-cookie"]',
  'refreshToken',
  'refresh_token',
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'password',
  'key',
  'apiKey',
  'token',
];

export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin: contextFields,
    hooks: { streamWrite: scrubLogLine },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

function contextFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const context = currentContext();
  if (context !== undefined) {
    fields.requestId = context.requestId;
    if (context.userId !== undefined) fields.userId = context.userId;
    if (context.keyId !== undefined) fields.keyId = context.keyId;
    if (context.credentialId !== undefined) fields.credentialId = context.credentialId;
  }
  const span = trace.getActiveSpan()?.spanContext();
  if (span !== undefined && trace.isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}
