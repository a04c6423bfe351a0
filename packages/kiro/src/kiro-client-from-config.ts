import { createKiroClient, type KiroClient } from './create-kiro-client.ts';
import { kiroEndpoints } from './kiro-endpoints.ts';

/** The Kiro settings every service reads (the config package's `kiroFragment`). */
export interface KiroClientSettings {
  KIRO_REGION: string;
  KIRO_API_URL?: string | undefined;
  KIRO_AUTH_URL?: string | undefined;
  KIRO_OIDC_URL?: string | undefined;
  KIRO_IDE_VERSION: string;
}

/**
 * A Kiro client for a service's configuration. `headersTimeoutMs` bounds Kiro's first byte and
 * `bodyTimeoutMs` the silence between chunks: a chat gateway waits longer than a token broker.
 */
export function kiroClientFromConfig(
  config: KiroClientSettings,
  timeouts: { headersTimeoutMs: number; bodyTimeoutMs: number },
): KiroClient {
  return createKiroClient({
    endpoints: kiroEndpoints({
      region: config.KIRO_REGION,
      ...(config.KIRO_API_URL ? { apiUrl: config.KIRO_API_URL } : {}),
      ...(config.KIRO_AUTH_URL ? { authUrl: config.KIRO_AUTH_URL } : {}),
      ...(config.KIRO_OIDC_URL ? { oidcUrl: config.KIRO_OIDC_URL } : {}),
    }),
    keepAliveTimeout: 60_000,
    headersTimeout: timeouts.headersTimeoutMs,
    bodyTimeout: timeouts.bodyTimeoutMs,
    userAgent: { ideVersion: config.KIRO_IDE_VERSION },
  });
}
