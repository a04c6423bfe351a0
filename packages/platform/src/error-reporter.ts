/**
 * Receives failures that have no caller to throw to: background lock renewal, best-effort release,
 * subscriber handlers, worker errors, Redis reconnects. `context` never contains secrets.
 */
export type ErrorReporter = (error: unknown, context: string) => void;
