import { type Caller, type LimitValues, noLimits } from '@kirogate/contracts';
import { type AppError, isAppError } from '@kirogate/errors';
import { MemoryLimitCounters } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import { type Admission, LimitGuard } from './limit-guard.ts';

function caller(user: Partial<LimitValues>, key: Partial<LimitValues> = {}, keyId = 'key-1'): Caller {
  return {
    kind: 'user',
    userId: 'user-1',
    keyId,
    status: 'active',
    limits: { user: { ...noLimits, ...user }, key: { ...noLimits, ...key } },
  };
}

// 2026-12-07 21:00 UTC: the day ends in 3 h, the month in 24 d 3 h.
const now = Date.parse('2026-12-07T21:00:00Z');

function guard(options: { poolSharePercent?: number; capacity?: number } = {}) {
  const counters = new MemoryLimitCounters({ now: () => now });
  const guard = new LimitGuard({
    counters,
    poolSharePercent: options.poolSharePercent ?? 0,
    poolCapacity: async () => options.capacity ?? 0,
    onError: (error) => {
      throw error;
    },
    now: () => now,
  });
  return { guard, counters };
}

async function refusal(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const finished = { userId: 'user-1', keyId: 'key-1', credits: 0, inputTokens: 0, outputTokens: 0 };

describe('LimitGuard', () => {
  it('admits server and combined-mode callers without counting', async () => {
    const { guard: limits } = guard();
    (await limits.admit({ kind: 'server' })).release();
    expect(limits.held()).toBe(0);
  });

  it('refuses the request past the per-minute limit with 429 and the wait', async () => {
    const { guard: limits } = guard();
    for (let i = 0; i < 3; i += 1) (await limits.admit(caller({ requestsPerMinute: 3 }))).release();
    const error = await refusal(limits.admit(caller({ requestsPerMinute: 3 })));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe(
      'Rate limit of 3 requests per minute exceeded for this account; retry in 60s.',
    );
    expect(error.details.retryAfterSeconds).toBe(60);
  });

  it('holds a concurrency slot until release, and release is idempotent', async () => {
    const { guard: limits } = guard();
    const first = await limits.admit(caller({ concurrentRequests: 2 }));
    const second = await limits.admit(caller({ concurrentRequests: 2 }));
    const error = await refusal(limits.admit(caller({ concurrentRequests: 2 })));
    expect(error.message).toBe(
      'Concurrency limit of 2 requests at once reached for this account; retry when one of them finishes.',
    );
    expect(error.details.retryAfterSeconds).toBe(1);
    first.release();
    first.release();
    const third = await limits.admit(caller({ concurrentRequests: 2 }));
    await expect(limits.admit(caller({ concurrentRequests: 2 }))).rejects.toThrow(/Concurrency limit of 2/);
    for (const admission of [second, third]) admission.release();
    expect(limits.held()).toBe(0);
  });

  it('charges credits when a request finishes and refuses the next one, until the day resets', async () => {
    const { guard: limits } = guard();
    (await limits.admit(caller({ dailyCredits: 1 }))).release();
    limits.charge({ ...finished, credits: 1.25 });
    await Promise.resolve();
    const error = await refusal(limits.admit(caller({ dailyCredits: 1 })));
    expect(error.message).toBe('Daily credit budget of 1 exceeded for this account; resets in 3h.');
    expect(error.details.retryAfterSeconds).toBe(3 * 3600);
  });

  it('counts monthly credits and daily tokens (input + output)', async () => {
    const { guard: limits } = guard();
    limits.charge({ ...finished, credits: 10, inputTokens: 600, outputTokens: 500 });
    await Promise.resolve();
    expect((await refusal(limits.admit(caller({ monthlyCredits: 10 })))).message).toBe(
      'Monthly credit budget of 10 exceeded for this account; resets in 25d.',
    );
    expect((await refusal(limits.admit(caller({ dailyTokens: 1_000 })))).message).toBe(
      'Daily token budget of 1,000 exceeded for this account; resets in 3h.',
    );
    (await limits.admit(caller({ dailyTokens: 1_200, monthlyCredits: 11 }))).release();
  });

  it("enforces a key's own limit for that key only, naming the key", async () => {
    const { guard: limits } = guard();
    limits.charge({ ...finished, keyId: 'key-1', credits: 5 });
    await Promise.resolve();
    const error = await refusal(limits.admit(caller({ dailyCredits: 50 }, { dailyCredits: 5 }, 'key-1')));
    expect(error.message).toBe('Daily credit budget of 5 exceeded for this key; resets in 3h.');
    (await limits.admit(caller({ dailyCredits: 50 }, { dailyCredits: 5 }, 'key-2'))).release();
  });

  it("draws every key on the user's counters", async () => {
    const { guard: limits } = guard();
    const held: Admission[] = [];
    held.push(await limits.admit(caller({ concurrentRequests: 2 }, {}, 'key-1')));
    held.push(await limits.admit(caller({ concurrentRequests: 2 }, {}, 'key-2')));
    await expect(limits.admit(caller({ concurrentRequests: 2 }, {}, 'key-3'))).rejects.toThrow(
      /this account/,
    );
    for (const admission of held) admission.release();
  });

  it("caps one user's open requests at their share of the public pool", async () => {
    // 10% of 32 → 3 open requests, though the user's own concurrency limit would allow 8.
    const { guard: limits } = guard({ poolSharePercent: 10, capacity: 32 });
    const held: Admission[] = [];
    for (let i = 0; i < 3; i += 1) held.push(await limits.admit(caller({ concurrentRequests: 8 })));
    const error = await refusal(limits.admit(caller({ concurrentRequests: 8 })));
    expect(error.message).toBe(
      "Public pool share reached: this account may hold 3 of the pool's 32 concurrent requests; retry when one of them finishes.",
    );
    held.pop()?.release();
    held.push(await limits.admit(caller({ concurrentRequests: 8 })));
    for (const admission of held) admission.release();
  });

  it('lets at least one request through on a tiny pool, and none is capped without a public pool', async () => {
    const tiny = guard({ poolSharePercent: 10, capacity: 4 }).guard;
    const only = await tiny.admit(caller({}));
    await expect(tiny.admit(caller({}))).rejects.toThrow(/may hold 1 of the pool's 4/);
    only.release();
    const none = guard({ poolSharePercent: 10, capacity: 0 }).guard;
    const held = await Promise.all([none.admit(caller({})), none.admit(caller({}))]);
    for (const admission of held) admission.release();
  });
});
