import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recheckInvalidated } from './recheck-invalidated.ts';

describe('recheckInvalidated', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks a credential taken out as invalid once, after the delay', async () => {
    const checked: string[] = [];
    const recheck = recheckInvalidated({
      check: async (id) => checked.push(id),
      delayMs: 60_000,
      onError: () => undefined,
    });
    recheck.statusChanged('a', 'invalid');
    recheck.statusChanged('a', 'invalid');
    recheck.statusChanged('b', 'suspended');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(checked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(checked).toEqual(['a']);
    // Taken out again later: checked again.
    recheck.statusChanged('a', 'invalid');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checked).toEqual(['a', 'a']);
  });

  it('reports a failed check and forgets pending checks on stop', async () => {
    const errors: string[] = [];
    let calls = 0;
    const recheck = recheckInvalidated({
      check: async () => {
        calls += 1;
        throw new Error('Kiro unreachable');
      },
      delayMs: 1_000,
      onError: (error, id) => errors.push(`${id}: ${(error as Error).message}`),
    });
    recheck.statusChanged('a', 'invalid');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual(['a: Kiro unreachable']);
    recheck.statusChanged('b', 'invalid');
    recheck.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(1);
  });
});
