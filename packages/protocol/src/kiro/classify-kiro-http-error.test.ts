import { httpStatusFor } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { classifyKiroHttpError } from './classify-kiro-http-error.ts';

const body = (message: string, reason: string | null = null) => JSON.stringify({ message, reason });

describe('classifyKiroHttpError (upstream errors)', () => {
  it('case 25: context overflow is rewritten so that Claude Code compacts', () => {
    const error = classifyKiroHttpError(400, body('Input is too long.', 'CONTENT_LENGTH_EXCEEDS_THRESHOLD'));
    expect(error.code).toBe('CONTEXT_TOO_LONG');
    expect(httpStatusFor(error.code)).toBe(400);
    expect(error.message).toMatch(/^prompt is too long/);
    expect(error.message).toContain('Model context limit reached. Conversation size exceeds model capacity.');
    expect(error.details.upstreamReason).toBe('CONTENT_LENGTH_EXCEEDS_THRESHOLD');
  });

  it('recognises the overflow by its text when the reason is missing', () => {
    const error = classifyKiroHttpError(400, body('Input content length exceeds threshold'));
    expect(error.code).toBe('CONTEXT_TOO_LONG');
  });

  it('case 25: unknown reasons are appended to the upstream message', () => {
    const error = classifyKiroHttpError(400, body('Something went wrong.', 'UNKNOWN_REASON'));
    expect(error.message).toBe('Something went wrong. (reason: UNKNOWN_REASON)');
    expect(error.code).toBe('UPSTREAM_BAD_REQUEST');
  });

  it('improperly formed requests are upstream bad requests without a null reason suffix', () => {
    const error = classifyKiroHttpError(400, body('Improperly formed request.'));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_REQUEST', message: 'Improperly formed request.' });
    expect(error.details).toEqual({ upstreamStatus: 400 });
  });

  it('an invalid model id is MODEL_NOT_FOUND', () => {
    const error = classifyKiroHttpError(
      400,
      body('Invalid model ID or insufficient subscription level to use it.'),
    );
    expect(error.code).toBe('MODEL_NOT_FOUND');
  });

  it('401 and 403 with an invalid bearer token are upstream auth failures', () => {
    const text = body('The bearer token included in the request is invalid.');
    expect(classifyKiroHttpError(403, text).code).toBe('UPSTREAM_AUTH');
    expect(classifyKiroHttpError(401, '').code).toBe('UPSTREAM_AUTH');
  });

  it('403 for a suspended or disabled account is UPSTREAM_SUSPENDED', () => {
    expect(classifyKiroHttpError(403, body('Your account is temporarily suspended.')).code).toBe(
      'UPSTREAM_SUSPENDED',
    );
    expect(classifyKiroHttpError(403, body('User is disabled')).code).toBe('UPSTREAM_SUSPENDED');
  });

  it('402 and MONTHLY_REQUEST_COUNT are quota exhaustion', () => {
    const error = classifyKiroHttpError(402, body('You have reached the limit.', 'MONTHLY_REQUEST_COUNT'));
    expect(error.code).toBe('UPSTREAM_QUOTA_EXHAUSTED');
    expect(error.message).toBe('Monthly request limit exceeded. Account has reached its monthly quota.');
    expect(classifyKiroHttpError(429, body('limit', 'MONTHLY_REQUEST_COUNT')).code).toBe(
      'UPSTREAM_QUOTA_EXHAUSTED',
    );
  });

  it('429 is throttling and carries retry-after seconds', () => {
    const error = classifyKiroHttpError(
      429,
      body('Too many requests, please wait before trying again.'),
      '7',
    );
    expect(error.code).toBe('UPSTREAM_THROTTLED');
    expect(error.details.retryAfterSeconds).toBe(7);
    expect(classifyKiroHttpError(429, '', '1.2').details.retryAfterSeconds).toBe(2);
    expect(classifyKiroHttpError(429, '', 'Wed, 21 Oct 2015 07:28:00 GMT').details).not.toHaveProperty(
      'retryAfterSeconds',
    );
  });

  it('5xx are upstream errors, 503/529 overload and 504 timeouts', () => {
    expect(classifyKiroHttpError(500, '').code).toBe('UPSTREAM_ERROR');
    expect(classifyKiroHttpError(502, 'Bad Gateway').code).toBe('UPSTREAM_ERROR');
    expect(classifyKiroHttpError(503, '').code).toBe('UPSTREAM_OVERLOADED');
    expect(classifyKiroHttpError(529, '').code).toBe('UPSTREAM_OVERLOADED');
    expect(classifyKiroHttpError(504, '').code).toBe('UPSTREAM_TIMEOUT');
    expect(classifyKiroHttpError(500, '').message).toBe('Kiro API answered HTTP 500');
  });

  it('reads nested and capitalised message fields', () => {
    expect(classifyKiroHttpError(500, '{"error":{"message":"boom"}}').message).toBe('boom');
    expect(classifyKiroHttpError(500, '{"Message":"Boom"}').message).toBe('Boom');
  });

  it('never echoes credentials and bounds the message length', () => {
    const token = `aor${'A1b2C3d4'.repeat(20)}`;
    const error = classifyKiroHttpError(
      401,
      body(`Token ${token} rejected. Authorization: Bearer eyJhbGciOi.abc ${'x '.repeat(400)}`),
    );
    expect(error.message).not.toContain(token.slice(0, 40));
    expect(error.message).not.toContain('eyJhbGciOi');
    expect(error.message.length).toBeLessThanOrEqual(300);
    const raw = classifyKiroHttpError(500, `<html>${token}</html>`);
    expect(raw.message).not.toContain(token.slice(0, 40));
  });
});

describe('classifyKiroHttpError: what reaches callers', () => {
  it('tells a quota-exhausted caller when to come back even when Kiro does not', () => {
    const error = classifyKiroHttpError(
      402,
      '{"message":"You have reached the limit.","reason":"MONTHLY_REQUEST_COUNT"}',
    );
    expect(error.code).toBe('UPSTREAM_QUOTA_EXHAUSTED');
    expect(error.details.retryAfterSeconds).toBe(3600);
    expect(classifyKiroHttpError(402, '{}', '120').details.retryAfterSeconds).toBe(120);
  });

  it('does not pass a load balancer HTML page through as the message', () => {
    const error = classifyKiroHttpError(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.message).toBe('Kiro API answered HTTP 502');
  });
});
