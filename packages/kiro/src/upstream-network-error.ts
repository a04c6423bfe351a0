import { AppError } from '@kirogate/errors';

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Turns a transport failure (refused, reset, DNS, timeouts) into an AppError naming only the error
 * code; undici messages can carry URLs and are not shown.
 */
export function toUpstreamNetworkError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const code = errorCodeOf(error);
  const suffix = code ? ` (${code})` : '';
  if (code && timeoutCodes.has(code)) {
    return new AppError(
      'UPSTREAM_TIMEOUT',
      `${operation}: Kiro did not answer in time${suffix}`,
      {},
      { cause: error },
    );
  }
  return new AppError(
    'UPSTREAM_ERROR',
    `${operation}: connection to Kiro failed${suffix}`,
    {},
    { cause: error },
  );
}

function errorCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = cause;
  }
  return undefined;
}
