import { type AppError, type ErrorCode, httpStatusFor } from '@kirogate/errors';
import type { z } from 'zod';
import type { openAiErrorBodySchema } from './openai-chat-response-schemas.ts';

export type OpenAiErrorBody = z.infer<typeof openAiErrorBodySchema>;

export interface OpenAiErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: OpenAiErrorBody;
}

/** OpenAI's own `type`/`code` pairs where it has one for the condition, stable snake_case otherwise. */
function typeAndCode(code: ErrorCode): { type: string; code: string } {
  switch (code) {
    case 'INVALID_JSON':
      return { type: 'invalid_request_error', code: 'invalid_json' };
    case 'INVALID_REQUEST':
      return { type: 'invalid_request_error', code: 'invalid_request' };
    case 'UNAUTHENTICATED':
    case 'CALLER_CREDENTIAL_INVALID':
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 'FORBIDDEN':
      return { type: 'invalid_request_error', code: 'forbidden' };
    case 'NOT_FOUND':
      return { type: 'invalid_request_error', code: 'not_found' };
    case 'MODEL_NOT_FOUND':
      return { type: 'invalid_request_error', code: 'model_not_found' };
    case 'CONFLICT':
      return { type: 'invalid_request_error', code: 'conflict' };
    case 'PAYLOAD_TOO_LARGE':
      return { type: 'invalid_request_error', code: 'request_too_large' };
    case 'CONTEXT_TOO_LONG':
      return { type: 'invalid_request_error', code: 'context_length_exceeded' };
    case 'CONTENT_FILTERED':
      return { type: 'invalid_request_error', code: 'content_policy_violation' };
    case 'UPSTREAM_BAD_REQUEST':
      return { type: 'invalid_request_error', code: 'upstream_bad_request' };
    case 'RATE_LIMITED':
    case 'UPSTREAM_THROTTLED':
      return { type: 'requests', code: 'rate_limit_exceeded' };
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return { type: 'insufficient_quota', code: 'insufficient_quota' };
    case 'UPSTREAM_AUTH':
      return { type: 'server_error', code: 'upstream_auth_failed' };
    case 'UPSTREAM_SUSPENDED':
      return { type: 'server_error', code: 'upstream_account_suspended' };
    case 'UPSTREAM_OVERLOADED':
      return { type: 'server_error', code: 'overloaded' };
    case 'UPSTREAM_TIMEOUT':
      return { type: 'server_error', code: 'timeout' };
    case 'UPSTREAM_ERROR':
      return { type: 'server_error', code: 'upstream_error' };
    case 'NO_CREDENTIAL_AVAILABLE':
      return { type: 'server_error', code: 'no_credential_available' };
    case 'SERVICE_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
      return { type: 'server_error', code: 'service_unavailable' };
    case 'LOCK_TIMEOUT':
      return { type: 'server_error', code: 'lock_timeout' };
    case 'INTERNAL':
      return { type: 'server_error', code: 'internal_error' };
  }
}

function message(error: AppError): string {
  const { promptTokens, maxPromptTokens } = error.details;
  if (error.code === 'CONTEXT_TOO_LONG' && promptTokens !== undefined && maxPromptTokens !== undefined) {
    return (
      `This model's maximum context length is ${maxPromptTokens} tokens. ` +
      `However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`
    );
  }
  return error.message;
}

export function toOpenAiErrorBody(error: AppError): OpenAiErrorBody {
  const param = error.details.param ?? (error.code === 'CONTEXT_TOO_LONG' ? 'messages' : null);
  const { type, code } = typeAndCode(error.code);
  return { error: { message: message(error), type, param, code } };
}

/** The HTTP answer for an error raised before the first byte of the response. */
export function toOpenAiError(error: AppError): OpenAiErrorResponse {
  const { retryAfterSeconds } = error.details;
  return {
    status: httpStatusFor(error.code),
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) },
    body: toOpenAiErrorBody(error),
  };
}
