import { type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { AppError, type ErrorCode, grpcStatusFor, isErrorCode } from '@kirogate/errors';

/** Trailer carrying our ErrorCode, so the client gets back the exact code, not just the gRPC class. */
export const errorCodeKey = 'kg-error-code';
export const retryAfterKey = 'kg-retry-after';

/**
 * Status → ErrorCode for failures that carry no `kg-error-code`: the transport's own (no connection,
 * deadline, cancellation) or a peer that is not ours. The other direction is `grpcStatusFor`.
 */
const codeForBareStatus: Partial<Record<status, ErrorCode>> = {
  [status.UNAVAILABLE]: 'DEPENDENCY_UNAVAILABLE',
  [status.DEADLINE_EXCEEDED]: 'DEPENDENCY_UNAVAILABLE',
  [status.CANCELLED]: 'SERVICE_UNAVAILABLE',
  [status.RESOURCE_EXHAUSTED]: 'DEPENDENCY_UNAVAILABLE',
  [status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [status.PERMISSION_DENIED]: 'FORBIDDEN',
  [status.INVALID_ARGUMENT]: 'INVALID_REQUEST',
  [status.NOT_FOUND]: 'NOT_FOUND',
  [status.ALREADY_EXISTS]: 'CONFLICT',
};

export interface GrpcErrorStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * What a handler's failure looks like on the wire. AppError messages are safe for callers by
 * construction; anything else becomes INTERNAL with a generic message (its text might hold secrets).
 */
export function toGrpcStatus(error: unknown, metadata: Metadata): GrpcErrorStatus {
  const app = error instanceof AppError ? error : new AppError('INTERNAL', 'Internal server error');
  metadata.set(errorCodeKey, app.code);
  if (app.details.retryAfterSeconds !== undefined) {
    metadata.set(retryAfterKey, String(app.details.retryAfterSeconds));
  }
  return { code: grpcStatusFor(app.code) as status, details: app.message, metadata };
}

/** A failed call as the AppError the server raised, or the transport failure classified. */
export function fromGrpcError(error: ServiceError | Error, operation: string): AppError {
  if (!isServiceError(error)) {
    return new AppError('INTERNAL', `${operation} failed`, {}, { cause: error });
  }
  const [code] = error.metadata?.get(errorCodeKey) ?? [];
  if (isErrorCode(code)) {
    const [retryAfter] = error.metadata.get(retryAfterKey);
    const details = retryAfter === undefined ? {} : { retryAfterSeconds: Number(retryAfter) };
    return new AppError(code, error.details, details, { cause: error });
  }
  const mapped = codeForBareStatus[error.code] ?? 'INTERNAL';
  return new AppError(
    mapped,
    `${operation}: ${status[error.code] ?? 'error'} from the peer`,
    {},
    { cause: error },
  );
}

/** Transport-level UNAVAILABLE (the call never reached a handler), the only failure worth retrying. */
export function isRetryableTransportFailure(error: unknown): boolean {
  return (
    isServiceError(error) &&
    error.code === status.UNAVAILABLE &&
    error.metadata?.get(errorCodeKey).length === 0
  );
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as ServiceError).code === 'number' && 'metadata' in error;
}
