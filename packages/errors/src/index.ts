export { AppError, type AppErrorDetails, isAppError, toAppError } from './app-error.ts';
export { type ErrorCode, errorCodes, isErrorCode } from './error-code.ts';
export { GrpcStatus, grpcStatusFor, httpStatusFor, isRetryable } from './status.ts';
