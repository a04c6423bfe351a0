import { type AppError, type ErrorCode, httpStatusFor } from '@kirogate/errors';
import type { z } from 'zod';
import type {
  anthropicErrorBodySchema,
  anthropicErrorTypeSchema,
} from './anthropic-messages-response-schemas.ts';

export type AnthropicErrorType = z.infer<typeof anthropicErrorTypeSchema>;
export type AnthropicErrorBody = z.infer<typeof anthropicErrorBodySchema>;

export interface AnthropicErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: AnthropicErrorBody;
}

function errorType(code: ErrorCode): AnthropicErrorType {
  switch (code) {
    case 'INVALID_JSON':
    case 'INVALID_REQUEST':
    case 'CONFLICT':
    case 'CONTEXT_TOO_LONG':
    case 'CONTENT_FILTERED':
    case 'UPSTREAM_BAD_REQUEST':
      return 'invalid_request_error';
    case 'UNAUTHENTICATED':
    case 'CALLER_CREDENTIAL_INVALID':
      return 'authentication_error';
    case 'FORBIDDEN':
      return 'permission_error';
    case 'NOT_FOUND':
    case 'MODEL_NOT_FOUND':
      return 'not_found_error';
    case 'PAYLOAD_TOO_LARGE':
      return 'request_too_large';
    case 'RATE_LIMITED':
    case 'UPSTREAM_THROTTLED':
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return 'rate_limit_error';
    // Capacity problems: clients back off and retry on overloaded_error.
    case 'UPSTREAM_OVERLOADED':
    case 'NO_CREDENTIAL_AVAILABLE':
    case 'SERVICE_UNAVAILABLE':
      return 'overloaded_error';
    case 'UPSTREAM_TIMEOUT':
      return 'timeout_error';
    case 'UPSTREAM_AUTH':
    case 'UPSTREAM_SUSPENDED':
    case 'UPSTREAM_ERROR':
    case 'DEPENDENCY_UNAVAILABLE':
    case 'LOCK_TIMEOUT':
    case 'INTERNAL':
      return 'api_error';
  }
}

/** Claude Code compacts the conversation when the message starts with "prompt is too long". */
function message(error: AppError): string {
  if (error.code !== 'CONTEXT_TOO_LONG') return error.message;
  const { promptTokens, maxPromptTokens } = error.details;
  if (promptTokens !== undefined && maxPromptTokens !== undefined) {
    return `prompt is too long: ${promptTokens} tokens > ${maxPromptTokens} maximum`;
  }
  return /^prompt is too long/i.test(error.message) ? error.message : `prompt is too long: ${error.message}`;
}

export function toAnthropicErrorBody(error: AppError): AnthropicErrorBody {
  return { type: 'error', error: { type: errorType(error.code), message: message(error) } };
}

/** The HTTP answer for an error raised before the first byte of the response. */
export function toAnthropicError(error: AppError): AnthropicErrorResponse {
  const { retryAfterSeconds } = error.details;
  return {
    status: httpStatusFor(error.code),
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) },
    body: toAnthropicErrorBody(error),
  };
}
