/**
 * The closed set of error codes every service speaks. Adding a code here fails compilation in every
 * exhaustive switch (HTTP status, gRPC status, each wire format's error body) until it is handled.
 */
export const errorCodes = [
  'INVALID_JSON',
  'INVALID_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'MODEL_NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'CONTEXT_TOO_LONG',
  'CONTENT_FILTERED',
  'CALLER_CREDENTIAL_INVALID',
  'UPSTREAM_BAD_REQUEST',
  'UPSTREAM_AUTH',
  'UPSTREAM_THROTTLED',
  'UPSTREAM_QUOTA_EXHAUSTED',
  'UPSTREAM_SUSPENDED',
  'UPSTREAM_OVERLOADED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_ERROR',
  'NO_CREDENTIAL_AVAILABLE',
  'SERVICE_UNAVAILABLE',
  'DEPENDENCY_UNAVAILABLE',
  'LOCK_TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
