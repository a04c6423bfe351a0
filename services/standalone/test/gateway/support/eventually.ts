import { vi } from 'vitest';

/**
 * Polls until `check` passes. Lease releases travel as asynchronous outcome reports (they never hold
 * a response back), so counters settle a moment after the response; the bound only keeps a broken
 * build from hanging the suite.
 */
export function eventually(check: () => unknown | Promise<unknown>): Promise<unknown> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 });
}
