import type { ErrorCode } from './error-code.ts';

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_JSON':
    case 'INVALID_REQUEST':
    case 'CONTEXT_TOO_LONG':
    case 'CONTENT_FILTERED':
    case 'UPSTREAM_BAD_REQUEST':
      return 400;
    case 'UNAUTHENTICATED':
    case 'CALLER_CREDENTIAL_INVALID':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'MODEL_NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
    case 'UPSTREAM_THROTTLED':
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return 429;
    case 'INTERNAL':
      return 500;
    case 'UPSTREAM_AUTH':
    case 'UPSTREAM_ERROR':
      return 502;
    case 'NO_CREDENTIAL_AVAILABLE':
    case 'SERVICE_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
    case 'UPSTREAM_SUSPENDED':
    case 'LOCK_TIMEOUT':
      return 503;
    case 'UPSTREAM_TIMEOUT':
      return 504;
    case 'UPSTREAM_OVERLOADED':
      return 529;
  }
}

/** gRPC status numbers (grpc.status) without depending on @grpc/grpc-js here. */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export function grpcStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_JSON':
    case 'INVALID_REQUEST':
    case 'CONTEXT_TOO_LONG':
    case 'CONTENT_FILTERED':
    case 'UPSTREAM_BAD_REQUEST':
    case 'PAYLOAD_TOO_LARGE':
      return GrpcStatus.INVALID_ARGUMENT;
    case 'UNAUTHENTICATED':
    case 'CALLER_CREDENTIAL_INVALID':
      return GrpcStatus.UNAUTHENTICATED;
    case 'FORBIDDEN':
      return GrpcStatus.PERMISSION_DENIED;
    case 'NOT_FOUND':
    case 'MODEL_NOT_FOUND':
      return GrpcStatus.NOT_FOUND;
    case 'CONFLICT':
      return GrpcStatus.ALREADY_EXISTS;
    case 'RATE_LIMITED':
    case 'UPSTREAM_THROTTLED':
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 'UPSTREAM_AUTH':
    case 'UPSTREAM_SUSPENDED':
      return GrpcStatus.FAILED_PRECONDITION;
    case 'UPSTREAM_TIMEOUT':
    case 'LOCK_TIMEOUT':
      return GrpcStatus.DEADLINE_EXCEEDED;
    case 'UPSTREAM_OVERLOADED':
    case 'UPSTREAM_ERROR':
    case 'NO_CREDENTIAL_AVAILABLE':
    case 'SERVICE_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
      return GrpcStatus.UNAVAILABLE;
    case 'INTERNAL':
      return GrpcStatus.INTERNAL;
  }
}

/** Whether a fresh attempt (possibly on another credential) may succeed. */
export function isRetryable(code: ErrorCode): boolean {
  switch (code) {
    case 'UPSTREAM_THROTTLED':
    case 'UPSTREAM_OVERLOADED':
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_ERROR':
    case 'UPSTREAM_AUTH':
    case 'UPSTREAM_QUOTA_EXHAUSTED':
    case 'UPSTREAM_SUSPENDED':
      return true;
    case 'INVALID_JSON':
    case 'INVALID_REQUEST':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'MODEL_NOT_FOUND':
    case 'CONFLICT':
    case 'PAYLOAD_TOO_LARGE':
    case 'RATE_LIMITED':
    case 'CONTEXT_TOO_LONG':
    case 'CONTENT_FILTERED':
    case 'CALLER_CREDENTIAL_INVALID':
    case 'UPSTREAM_BAD_REQUEST':
    case 'NO_CREDENTIAL_AVAILABLE':
    case 'SERVICE_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
    case 'LOCK_TIMEOUT':
    case 'INTERNAL':
      return false;
  }
}
