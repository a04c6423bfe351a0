import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../rate-limiter.ts';

export interface RateLimiterHarness {
  /** Two limiters over one set of windows, as two replicas would have. */
  readonly limiters: readonly [RateLimiter, RateLimiter];
  close(): Promise<void>;
}

export function rateLimiterContract(label: string, makeHarness: () => Promise<RateLimiterHarness>): void {
  describe(`RateLimiter contract: ${label}`, () => {
    let harness: RateLimiterHarness;
    let key: string;
    beforeEach(async () => {
      harness = await makeHarness();
      key = `caller-${randomUUID()}`;
    });
    afterEach(() => harness.close());

    it('allows the limit across limiters, counting down, then denies with a retry delay', async () => {
      const [first, second] = harness.limiters;
      const rule = { limit: 3, windowMs: 10_000 };
      const decisions = [
        await first.hit(key, rule),
        await second.hit(key, rule),
        await first.hit(key, rule),
        await second.hit(key, rule),
      ];
      expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(decisions.slice(0, 3).every((d) => d.retryAfterMs === 0)).toBe(true);
      expect(decisions[3]!.retryAfterMs).toBeGreaterThan(0);
      expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(rule.windowMs);
      expect((await first.hit(`${key}-other`, rule)).allowed).toBe(true);
    });

    it('slides: each hit frees its slot exactly one window after it was made', async () => {
      const [limiter] = harness.limiters;
      // Hits half a window apart: each step below has about half a window of slack against a stalled
      // event loop, where a shorter window would leave a few hundred milliseconds.
      const rule = { limit: 2, windowMs: 2_000 };
      expect((await limiter.hit(key, rule)).allowed).toBe(true);
      await sleep(rule.windowMs / 2);
      expect((await limiter.hit(key, rule)).allowed).toBe(true);
      const denied = await limiter.hit(key, rule);
      expect(denied.allowed).toBe(false);
      // Counted from the first hit (about half a window ago; a timer may end 1 ms early), not the last.
      expect(denied.retryAfterMs).toBeLessThanOrEqual(rule.windowMs / 2 + 1);
      await sleep(denied.retryAfterMs + 50);
      // The first hit has left the window, the second has not: a fixed window would allow both.
      expect((await limiter.hit(key, rule)).allowed).toBe(true);
      expect((await limiter.hit(key, rule)).allowed).toBe(false);
    });
  });
}
