import { AppError, type AppErrorDetails, type ErrorCode } from '@kirogate/errors';
import { contextTooLongError } from './context-too-long-error.ts';
import { safeUpstreamMessage } from './safe-upstream-message.ts';

interface KiroErrorBody {
  message: string;
  reason?: string;
}

const quotaMessage = 'Monthly request limit exceeded. Account has reached its monthly quota.';
const quotaRetryAfterSeconds = 3600;

/**
 * Turns a non-2xx answer of generateAssistantResponse into the error the caller sees. The message is
 * Kiro's own sentence (bounded, credentials removed) with ` (reason: X)` appended for reasons we do not
 * rewrite, so new upstream reasons stay visible.
 */
export function classifyKiroHttpError(status: number, bodyText: string, retryAfter?: string): AppError {
  const body = readKiroErrorBody(bodyText);
  const details: AppErrorDetails = { upstreamStatus: status };
  if (body.reason !== undefined) details.upstreamReason = body.reason;
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  if (retryAfterSeconds !== undefined) details.retryAfterSeconds = retryAfterSeconds;

  if (isContextOverflow(body)) return contextTooLongError(details);
  if (status === 402 || body.reason === 'MONTHLY_REQUEST_COUNT') {
    // Kiro names no reset time here; an hour tells clients not to hammer (the broker knows the real date).
    details.retryAfterSeconds ??= quotaRetryAfterSeconds;
    return new AppError('UPSTREAM_QUOTA_EXHAUSTED', quotaMessage, details);
  }
  const message = describe(body, status);
  return new AppError(codeFor(status, body), message, details);
}

function codeFor(status: number, body: KiroErrorBody): ErrorCode {
  if ((status === 401 || status === 403) && /suspend|disabled|locked/i.test(body.message)) {
    return 'UPSTREAM_SUSPENDED';
  }
  if (status === 401 || status === 403) return 'UPSTREAM_AUTH';
  if (status === 429) return 'UPSTREAM_THROTTLED';
  if (/invalid model id/i.test(body.message)) return 'MODEL_NOT_FOUND';
  if (status === 408 || status === 504) return 'UPSTREAM_TIMEOUT';
  if (status === 503 || status === 529) return 'UPSTREAM_OVERLOADED';
  if (status >= 400 && status < 500) return 'UPSTREAM_BAD_REQUEST';
  return 'UPSTREAM_ERROR';
}

function isContextOverflow(body: KiroErrorBody): boolean {
  return (
    body.reason === 'CONTENT_LENGTH_EXCEEDS_THRESHOLD' ||
    /input is too long|content length exceeds threshold/i.test(body.message)
  );
}

function describe(body: KiroErrorBody, status: number): string {
  const message = body.message === '' ? `Kiro API answered HTTP ${status}` : body.message;
  return body.reason === undefined ? message : `${message} (reason: ${body.reason})`;
}

function readKiroErrorBody(bodyText: string): KiroErrorBody {
  const parsed = parseJsonObject(bodyText);
  // A proxy's HTML error page (a load balancer's 502) says nothing a caller can use.
  if (parsed === undefined)
    return { message: looksLikeMarkup(bodyText) ? '' : safeUpstreamMessage(bodyText) };
  const nested = parsed.error;
  const message = firstString(
    parsed.message,
    parsed.Message,
    parsed.errorMessage,
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>).message : nested,
  );
  const body: KiroErrorBody = { message: safeUpstreamMessage(message ?? '') };
  if (typeof parsed.reason === 'string' && parsed.reason !== '') {
    body.reason = safeUpstreamMessage(parsed.reason);
  }
  return body;
}

function looksLikeMarkup(text: string): boolean {
  return /^\s*</.test(text);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

/** Only delta-seconds: an HTTP-date would need a clock, and Kiro sends seconds when it sends anything. */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.ceil(Number(value));
}
