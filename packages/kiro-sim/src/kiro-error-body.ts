/** An error exactly as Kiro answers it: status, AWS error type header and JSON body. */
export interface KiroErrorResponse {
  status: number;
  errorType: string;
  body: { message: string; reason: string | null };
  retryAfterSeconds?: number;
}

export const BEARER_TOKEN_INVALID: KiroErrorResponse = {
  status: 403,
  errorType: 'AccessDeniedException',
  body: { message: 'The bearer token included in the request is invalid.', reason: null },
};

/** Not confirmed from any capture: modelled on AccessDeniedException with a telling reason. */
export const ACCOUNT_SUSPENDED: KiroErrorResponse = {
  status: 403,
  errorType: 'AccessDeniedException',
  body: {
    message: 'Your account has been suspended. Please contact AWS support.',
    reason: 'ACCOUNT_SUSPENDED',
  },
};

export const MONTHLY_QUOTA_REACHED: KiroErrorResponse = {
  status: 402,
  errorType: 'ServiceQuotaExceededException',
  body: { message: 'You have reached the limit.', reason: 'MONTHLY_REQUEST_COUNT' },
};

export const IMPROPERLY_FORMED: KiroErrorResponse = {
  status: 400,
  errorType: 'ValidationException',
  body: { message: 'Improperly formed request.', reason: null },
};

export const INPUT_TOO_LONG: KiroErrorResponse = {
  status: 400,
  errorType: 'ValidationException',
  body: { message: 'Input is too long.', reason: 'CONTENT_LENGTH_EXCEEDS_THRESHOLD' },
};

export const INVALID_MODEL: KiroErrorResponse = {
  status: 400,
  errorType: 'ValidationException',
  body: {
    message: 'Invalid model ID or insufficient subscription level to use it.',
    reason: 'INVALID_MODEL_ID',
  },
};

export function throttled(retryAfterSeconds?: number): KiroErrorResponse {
  return {
    status: 429,
    errorType: 'ThrottlingException',
    body: { message: 'Too many requests, please wait before trying again.', reason: null },
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
}

export const INTERNAL_SERVER_ERROR: KiroErrorResponse = {
  status: 500,
  errorType: 'InternalServerException',
  body: {
    message: 'Encountered an unexpected error when processing the request, please try again.',
    reason: null,
  },
};

export const SERVICE_UNAVAILABLE: KiroErrorResponse = {
  status: 503,
  errorType: 'ServiceUnavailableException',
  body: { message: 'Service unavailable, please try again later.', reason: null },
};
