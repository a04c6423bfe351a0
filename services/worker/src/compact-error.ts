import { sqlstateOf } from './usage/sqlstate-of.ts';

const maxMessage = 200;

/** A database failure reduced to its SQLSTATE and the server's message. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(`database error ${code}: ${message.slice(0, maxMessage)}`);
    this.code = code;
  }
}

/**
 * A database error as a short DatabaseError. Drizzle's wrapper repeats the query and every parameter
 * (a whole usage batch), which must not end up in logs or, once per job, in the failed-job list in
 * Redis. Other errors pass through.
 */
export function compactError(error: unknown): unknown {
  if (error instanceof DatabaseError) return error;
  const state = sqlstateOf(error);
  if (state === undefined) return error;
  let root: unknown = error;
  for (let depth = 0; depth < 5 && root instanceof Error && root.cause instanceof Error; depth += 1) {
    root = root.cause;
  }
  return new DatabaseError(state, root instanceof Error ? root.message : String(root));
}
