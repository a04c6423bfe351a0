import { describe, expect, it } from 'vitest';
import { classifyKiroException } from './classify-kiro-exception.ts';

describe('classifyKiroException', () => {
  it.each([
    ['ThrottlingException', 'Too many requests', 'UPSTREAM_THROTTLED'],
    ['ContentLengthExceededException', 'Input is too long.', 'CONTEXT_TOO_LONG'],
    ['ValidationException', 'Improperly formed request.', 'UPSTREAM_BAD_REQUEST'],
    ['ValidationException', 'Input is too long.', 'CONTEXT_TOO_LONG'],
    ['InternalServerException', 'Encountered an unexpected error', 'UPSTREAM_ERROR'],
    ['AccessDeniedException', 'The bearer token included in the request is invalid.', 'UPSTREAM_AUTH'],
    ['AccessDeniedException', 'Account suspended', 'UPSTREAM_SUSPENDED'],
    ['ServiceQuotaExceededException', 'quota', 'UPSTREAM_QUOTA_EXHAUSTED'],
    ['ServiceUnavailableException', 'busy', 'UPSTREAM_OVERLOADED'],
    ['ModelTimeoutException', 'slow', 'UPSTREAM_TIMEOUT'],
    ['com.amazon.aws.codewhisperer#ThrottlingException', '', 'UPSTREAM_THROTTLED'],
    ['SomethingNewException', 'odd', 'UPSTREAM_ERROR'],
  ] as const)('%s "%s" → %s', (type, message, code) => {
    expect(classifyKiroException(type, message).code).toBe(code);
  });

  it('keeps the exception type visible for unknown failures', () => {
    const error = classifyKiroException('SomethingNewException', 'odd');
    expect(error.message).toBe('odd (SomethingNewException)');
    expect(error.details.upstreamReason).toBe('SomethingNewException');
  });

  it('gives a message even when the frame had none', () => {
    expect(classifyKiroException('InternalServerException', '').message).toContain('InternalServerException');
    expect(classifyKiroException('', '').message).toContain('unknown error');
  });
});
