/** The Postgres SQLSTATE of an error from pg or drizzle (which wraps them in `cause`). */
export function sqlstateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/** Data exceptions and constraint violations: the fault of a row, not of the connection. */
export function isRowError(error: unknown): boolean {
  const state = sqlstateOf(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

/** Deadlocks and serialization failures: retrying the same transaction is expected to succeed. */
export function isRetryableConflict(error: unknown): boolean {
  const state = sqlstateOf(error);
  return state === '40P01' || state === '40001';
}
