import { AppError, type AppErrorDetails, type ErrorCode } from '@kirogate/errors';

/**
 * A failed token refresh. `permanent` means Kiro rejected the refresh token itself (`invalid_grant`):
 * retrying cannot help and the credential should be disabled.
 */
export class RefreshError extends AppError {
  readonly permanent: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    init: { permanent: boolean; details?: AppErrorDetails; cause?: unknown },
  ) {
    super(code, message, init.details, { cause: init.cause });
    this.name = 'RefreshError';
    this.permanent = init.permanent;
  }
}

export function isPermanentRefreshError(error: unknown): boolean {
  return error instanceof RefreshError && error.permanent;
}
