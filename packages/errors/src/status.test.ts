import { describe, expect, it } from 'vitest';
import { AppError, toAppError } from './app-error.ts';
import { errorCodes } from './error-code.ts';
import { GrpcStatus, grpcStatusFor, httpStatusFor, isRetryable } from './status.ts';

describe('error codes', () => {
  it('maps every code to an HTTP error status and a non-OK gRPC status', () => {
    for (const code of errorCodes) {
      const http = httpStatusFor(code);
      expect(http, code).toBeGreaterThanOrEqual(400);
      expect(http, code).toBeLessThan(600);
      expect(grpcStatusFor(code), code).not.toBe(GrpcStatus.OK);
    }
  });

  it('gives the statuses clients rely on', () => {
    expect(httpStatusFor('CONTEXT_TOO_LONG')).toBe(400);
    expect(httpStatusFor('UPSTREAM_QUOTA_EXHAUSTED')).toBe(429);
    expect(httpStatusFor('UPSTREAM_OVERLOADED')).toBe(529);
    expect(httpStatusFor('UNAUTHENTICATED')).toBe(401);
    expect(httpStatusFor('UPSTREAM_TIMEOUT')).toBe(504);
  });

  it('retries only upstream conditions that another attempt can fix', () => {
    expect(isRetryable('UPSTREAM_THROTTLED')).toBe(true);
    expect(isRetryable('CONTEXT_TOO_LONG')).toBe(false);
    expect(isRetryable('INVALID_REQUEST')).toBe(false);
  });

  it('hides unknown errors behind a generic INTERNAL message', () => {
    const wrapped = toAppError(new Error('secret aor123 leaked in message'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).not.toContain('aor123');
    const own = new AppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 3 });
    expect(toAppError(own)).toBe(own);
  });
});
