import { setTimeout as delay } from 'node:timers/promises';
import type { ErrorCode } from '@kirogate/errors';
import { type Dispatcher, request } from 'undici';
import { z } from 'zod';
import type { KiroCredential } from './kiro-credential.ts';
import type { KiroEndpoints } from './kiro-endpoints.ts';
import type { KiroUserAgent } from './kiro-user-agent.ts';
import { machineIdFor } from './machine-id-for.ts';
import { readBoundedText } from './read-bounded-text.ts';
import { redactSecrets } from './redact-secrets.ts';
import { RefreshError } from './refresh-error.ts';
import { refreshHeaders } from './refresh-headers.ts';
import { toUpstreamNetworkError } from './upstream-network-error.ts';

export interface RefreshResult {
  accessToken: string;
  /** The rotated refresh token, or the old one when Kiro did not rotate it. */
  refreshToken: string;
  /** `now + expiresIn − 60 s`, so the token is never used in its last minute. */
  expiresAt: Date;
  /** Present only when Kiro returned one (social refresh does). */
  profileArn?: string;
}

export interface RefreshOptions {
  /** Defaults to undici's global dispatcher. */
  dispatcher?: Dispatcher;
  userAgent?: Partial<KiroUserAgent>;
  signal?: AbortSignal;
  now?: () => Date;
  /** Attempts in total, retrying only throttling, 5xx and network failures. */
  maxAttempts?: number;
  /** Delay before the second attempt; it doubles for each further one (1 s, 2 s, 4 s, …). */
  baseDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Per attempt, for the response headers and again for the body. */
  timeoutMs?: number;
}

const defaultExpiresInSeconds = 3600;
const expirySafetyMs = 60_000;
const bodyLimit = 64 * 1024;

const tokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().nullish(),
  expiresIn: z.number().positive().nullish(),
  profileArn: z.string().nullish(),
});

const errorBodySchema = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
});

type AttemptOutcome =
  | { ok: true; result: RefreshResult }
  | { ok: false; error: RefreshError; retryable: boolean };

/**
 * Exchanges a refresh token for an access token: social credentials at `{authUrl}/refreshToken`, IdC
 * ones at the SSO-OIDC `{oidcUrl}/token`. Throws RefreshError; messages never contain the tokens.
 */
export async function refreshAccessToken(
  credential: KiroCredential,
  endpoints: KiroEndpoints,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  if (credential.authKind === 'idc' && !(credential.clientId && credential.clientSecret)) {
    throw new RefreshError(
      'INVALID_REQUEST',
      'An IdC credential needs clientId and clientSecret to refresh',
      {
        permanent: true,
      },
    );
  }
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptRefresh(credential, endpoints, options, attempt, maxAttempts);
    if (outcome.ok) return outcome.result;
    if (!outcome.retryable || attempt >= maxAttempts) throw outcome.error;
    await sleep(baseDelayMs * 2 ** (attempt - 1), options.signal);
  }
}

async function attemptRefresh(
  credential: KiroCredential,
  endpoints: KiroEndpoints,
  options: RefreshOptions,
  attempt: number,
  maxAttempts: number,
): Promise<AttemptOutcome> {
  const flow = credential.authKind === 'social' ? 'social' : 'IdC';
  const url =
    credential.authKind === 'social' ? `${endpoints.authUrl}/refreshToken` : `${endpoints.oidcUrl}/token`;
  const body =
    credential.authKind === 'social'
      ? { refreshToken: credential.refreshToken }
      : {
          clientId: credential.clientId,
          clientSecret: credential.clientSecret,
          grantType: 'refresh_token',
          refreshToken: credential.refreshToken,
        };
  const headers = refreshHeaders(credential.authKind, {
    machineId: machineIdFor(credential),
    attempt,
    maxAttempts,
    ...(options.userAgent && { userAgent: options.userAgent }),
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      dispatcher: options.dispatcher,
      signal: options.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await readBoundedText(response.body, bodyLimit);
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return { ok: true, result: toResult(text, credential, options.now?.() ?? new Date(), flow) };
    }
    return failure(response.statusCode, text, response.headers['retry-after'], credential, flow);
  } catch (error) {
    if (options.signal?.aborted || error instanceof RefreshError) throw error;
    const network = toUpstreamNetworkError(error, `Kiro ${flow} refresh`);
    return {
      ok: false,
      retryable: true,
      error: new RefreshError(network.code, network.message, { permanent: false, cause: error }),
    };
  }
}

function toResult(text: string, credential: KiroCredential, now: Date, flow: string): RefreshResult {
  const parsed = tokenResponseSchema.safeParse(parseJsonOrUndefined(text));
  if (!parsed.success) {
    throw new RefreshError('UPSTREAM_ERROR', `Kiro ${flow} refresh answered without an access token`, {
      permanent: false,
    });
  }
  const expiresInMs = (parsed.data.expiresIn ?? defaultExpiresInSeconds) * 1000;
  const result: RefreshResult = {
    accessToken: parsed.data.accessToken,
    refreshToken: parsed.data.refreshToken || credential.refreshToken,
    expiresAt: new Date(now.getTime() + expiresInMs - expirySafetyMs),
  };
  if (parsed.data.profileArn) result.profileArn = parsed.data.profileArn;
  return result;
}

function failure(
  status: number,
  text: string,
  retryAfterHeader: string | string[] | undefined,
  credential: KiroCredential,
  flow: string,
): AttemptOutcome {
  const parsed = errorBodySchema.safeParse(parseJsonOrUndefined(text));
  const fields = parsed.success ? parsed.data : {};
  const description = fields.error_description ?? fields.message ?? '';
  const reason = fields.error && /^[A-Za-z_]{1,64}$/.test(fields.error) ? fields.error : undefined;
  const secrets = [
    credential.refreshToken,
    credential.accessToken,
    credential.clientSecret,
    credential.clientId,
  ];
  const safeDescription = redactSecrets(description, secrets);
  const message =
    `Kiro ${flow} refresh failed: HTTP ${status}` +
    (reason ? ` ${reason}` : '') +
    (safeDescription ? `: ${safeDescription}` : '');
  const retryAfterSeconds = parseRetryAfter(retryAfterHeader);
  const details = {
    upstreamStatus: status,
    ...(reason && { upstreamReason: reason }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
  const rejected = reason === 'invalid_grant' || /invalid refresh token provided/i.test(description);
  if (status >= 400 && status < 500 && status !== 429 && rejected) {
    return {
      ok: false,
      retryable: false,
      error: new RefreshError('UPSTREAM_AUTH', message, { permanent: true, details }),
    };
  }
  const retryable = status === 429 || status >= 500;
  const code: ErrorCode =
    status === 429 ? 'UPSTREAM_THROTTLED' : status >= 500 ? 'UPSTREAM_ERROR' : 'UPSTREAM_AUTH';
  return { ok: false, retryable, error: new RefreshError(code, message, { permanent: false, details }) };
}

function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
