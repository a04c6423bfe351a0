import { AppError, type ErrorCode } from '@kirogate/errors';
import { contextTooLongError } from './context-too-long-error.ts';
import { safeUpstreamMessage } from './safe-upstream-message.ts';

/**
 * Classifies an in-stream `exception` frame (or an `error` frame's code). Types may arrive qualified
 * (`com.amazon.aws.codewhisperer#ThrottlingException`); only the last segment counts.
 */
export function classifyKiroException(exceptionType: string, message: string): AppError {
  const type = safeUpstreamMessage(exceptionType.slice(exceptionType.lastIndexOf('#') + 1));
  const text = safeUpstreamMessage(message);
  const details = type === '' ? {} : { upstreamReason: type };
  if (/ContentLengthExceeded/i.test(type) || /input is too long|content length exceeds/i.test(text)) {
    return contextTooLongError(details);
  }
  const code = codeFor(type, text);
  const shown = text === '' ? `Kiro stream failed with ${type || 'an unknown error'}` : text;
  return new AppError(code, type === '' || code !== 'UPSTREAM_ERROR' ? shown : `${shown} (${type})`, details);
}

function codeFor(type: string, text: string): ErrorCode {
  if (/throttl|toomanyrequests/i.test(type) || /rate limit|too many requests/i.test(text)) {
    return 'UPSTREAM_THROTTLED';
  }
  if (/ServiceQuotaExceeded|LimitExceeded/i.test(type)) return 'UPSTREAM_QUOTA_EXHAUSTED';
  if (/AccessDenied|Unauthorized|ExpiredToken|InvalidToken/i.test(type)) {
    return /suspend|disabled|locked/i.test(text) ? 'UPSTREAM_SUSPENDED' : 'UPSTREAM_AUTH';
  }
  if (/Validation|BadRequest|ResourceNotFound/i.test(type)) return 'UPSTREAM_BAD_REQUEST';
  if (/Timeout/i.test(type)) return 'UPSTREAM_TIMEOUT';
  if (/ServiceUnavailable|Overloaded|InsufficientModelCapacity/i.test(type)) return 'UPSTREAM_OVERLOADED';
  return 'UPSTREAM_ERROR';
}
