import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LimitCounters } from '../limit-counters.ts';

export interface LimitCountersHarness {
  /** Two counters over one store, as two replicas would have. */
  readonly counters: readonly [LimitCounters, LimitCounters];
  close(): Promise<void>;
}

const slot = () => ({ id: randomUUID(), ttlMs: 60_000 });
const hour = () => Date.now() + 3_600_000;

export function limitCountersContract(label: string, makeHarness: () => Promise<LimitCountersHarness>): void {
  describe(`LimitCounters contract: ${label}`, () => {
    let harness: LimitCountersHarness;
    let key: string;
    beforeEach(async () => {
      harness = await makeHarness();
      key = `subject-${randomUUID()}`;
    });
    afterEach(() => harness.close());

    it('counts requests in a sliding window across replicas and says when the oldest leaves', async () => {
      const [first, second] = harness.counters;
      const rate = { kind: 'rate', key: `${key}:rpm`, limit: 2, windowMs: 30_000 } as const;
      expect(await first.admit([rate], slot())).toEqual({ allowed: true });
      expect(await second.admit([rate], slot())).toEqual({ allowed: true });
      const refused = await first.admit([rate], slot());
      expect(refused).toMatchObject({ allowed: false, refused: 0 });
      expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.allowed === false && refused.retryAfterMs).toBeLessThanOrEqual(30_000);
      expect(await second.read([{ kind: 'rate', key: rate.key, windowMs: 30_000 }])).toEqual([2]);
    });

    it('lets a rate hit leave the window after windowMs', async () => {
      const [counters] = harness.counters;
      const rate = { kind: 'rate', key: `${key}:rpm`, limit: 1, windowMs: 1_000 } as const;
      expect((await counters.admit([rate], slot())).allowed).toBe(true);
      const refused = await counters.admit([rate], slot());
      expect(refused.allowed).toBe(false);
      await sleep((refused.allowed === false ? refused.retryAfterMs : 0) + 100);
      expect((await counters.admit([rate], slot())).allowed).toBe(true);
    });

    it('holds concurrency slots until released, and never gives out one more than the limit', async () => {
      const [first, second] = harness.counters;
      const slots = { kind: 'slots', key: `${key}:conc`, limit: 3 } as const;
      const claims = Array.from({ length: 10 }, slot);
      const decisions = await Promise.all(
        claims.map((claim, i) => (i % 2 === 0 ? first : second).admit([slots], claim)),
      );
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
      expect(await first.read([{ kind: 'slots', key: slots.key }])).toEqual([3]);
      const held = claims.filter((_claim, i) => decisions[i]!.allowed);
      await second.release([slots.key], held[0]!.id);
      expect(await first.read([{ kind: 'slots', key: slots.key }])).toEqual([2]);
      expect((await first.admit([slots], slot())).allowed).toBe(true);
      expect((await second.admit([slots], slot())).allowed).toBe(false);
    });

    it('frees a slot whose holder stopped renewing it, and keeps one that is renewed', async () => {
      const [counters] = harness.counters;
      const slots = { kind: 'slots', key: `${key}:conc`, limit: 2 } as const;
      const lost = { id: randomUUID(), ttlMs: 1_000 };
      const kept = { id: randomUUID(), ttlMs: 3_000 };
      const admittedAt = Date.now();
      expect((await counters.admit([slots], lost)).allowed).toBe(true);
      expect((await counters.admit([slots], kept)).allowed).toBe(true);
      await counters.renew([slots.key], { id: kept.id, ttlMs: 60_000 });
      await expect
        .poll(() => counters.read([{ kind: 'slots', key: slots.key }]), { timeout: 10_000 })
        .toEqual([1]);
      // Past the renewed slot's first ttl: it is still held.
      await sleep(Math.max(0, admittedAt + 3_500 - Date.now()));
      expect(await counters.read([{ kind: 'slots', key: slots.key }])).toEqual([1]);
      expect((await counters.admit([slots], slot())).allowed).toBe(true);
      expect((await counters.admit([slots], slot())).allowed).toBe(false);
    });

    it('admits while a budget is below its limit; charges add up across replicas', async () => {
      const [first, second] = harness.counters;
      const budget = { kind: 'budget', key: `${key}:credits`, limit: 1 } as const;
      expect((await first.admit([budget], slot())).allowed).toBe(true);
      await first.charge([{ key: budget.key, amount: 0.75, expiresAtMs: hour() }]);
      expect((await second.admit([budget], slot())).allowed).toBe(true);
      await second.charge([{ key: budget.key, amount: 0.5, expiresAtMs: hour() }]);
      expect(await first.read([{ kind: 'budget', key: budget.key }])).toEqual([1.25]);
      expect(await first.admit([budget], slot())).toEqual({ allowed: false, refused: 0, retryAfterMs: 0 });
    });

    it('forgets a budget after its expiry', async () => {
      const [counters] = harness.counters;
      const budget = { kind: 'budget', key: `${key}:tokens`, limit: 10 } as const;
      await counters.charge([{ key: budget.key, amount: 50, expiresAtMs: Date.now() + 500 }]);
      expect((await counters.admit([budget], slot())).allowed).toBe(false);
      await expect
        .poll(() => counters.read([{ kind: 'budget', key: budget.key }]), { timeout: 10_000 })
        .toEqual([0]);
      expect((await counters.admit([budget], slot())).allowed).toBe(true);
    });

    it('is all or nothing: a refusal by a later check records no hit and takes no slot', async () => {
      const [counters] = harness.counters;
      const rate = { kind: 'rate', key: `${key}:rpm`, limit: 5, windowMs: 60_000 } as const;
      const slots = { kind: 'slots', key: `${key}:conc`, limit: 5 } as const;
      const budget = { kind: 'budget', key: `${key}:credits`, limit: 1 } as const;
      await counters.charge([{ key: budget.key, amount: 2, expiresAtMs: hour() }]);
      const decision = await counters.admit([rate, slots, budget], slot());
      expect(decision).toEqual({ allowed: false, refused: 2, retryAfterMs: 0 });
      expect(
        await counters.read([
          { kind: 'rate', key: rate.key, windowMs: 60_000 },
          { kind: 'slots', key: slots.key },
        ]),
      ).toEqual([0, 0]);
    });
  });
}
