import type { ErrorCode } from './error-code.ts';

export interface AppErrorDetails {
  /** The request field at fault, e.g. `messages[2].content`. */
  param?: string;
  /** Seconds the caller should wait before retrying (rendered as `retry-after`). */
  retryAfterSeconds?: number;
  /** HTTP status the upstream answered with, when the error came from Kiro. */
  upstreamStatus?: number;
  /** Kiro's `reason` field, e.g. `CONTENT_LENGTH_EXCEEDS_THRESHOLD`. */
  upstreamReason?: string;
  /** For CONTEXT_TOO_LONG: the prompt's size and the model's limit, in tokens, when known. */
  promptTokens?: number;
  maxPromptTokens?: number;
}

/**
 * An error whose message is safe to show to a caller: it never contains secrets, stack traces or
 * upstream bodies that were not explicitly vetted. Anything else becomes `INTERNAL`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: AppErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Wraps anything thrown into an AppError; unknown errors become INTERNAL with a generic message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'Internal server error', {}, { cause: error });
}
