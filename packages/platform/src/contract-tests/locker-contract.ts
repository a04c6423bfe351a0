import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAppError } from '@kirogate/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Locker } from '../locker.ts';

export interface LockerHarness {
  /** Two lockers over one lock space, as two replicas would have. */
  readonly lockers: readonly [Locker, Locker];
  /** Makes a held lock vanish as if it expired; absent where a held lock cannot be lost. */
  readonly loseLock?: (name: string) => Promise<void>;
  close(): Promise<void>;
}

export function lockerContract(label: string, makeHarness: () => Promise<LockerHarness>): void {
  describe(`Locker contract: ${label}`, () => {
    let harness: LockerHarness;
    let name: string;
    beforeEach(async () => {
      harness = await makeHarness();
      name = `lock-${randomUUID()}`;
    });
    afterEach(() => harness.close());

    it('never lets two holders in at once, across lockers', async () => {
      const contenders = 24;
      let inside = 0;
      let maxInside = 0;
      let counter = 0;
      await Promise.all(
        Array.from({ length: contenders }, (_, i) =>
          harness.lockers[i % 2]!.withLock(
            name,
            { ttlMs: 2000, waitMs: 30_000, retryDelayMs: 5 },
            async () => {
              inside += 1;
              maxInside = Math.max(maxInside, inside);
              const seen = counter;
              await sleep(Math.random() * 4);
              counter = seen + 1;
              inside -= 1;
            },
          ),
        ),
      );
      expect(maxInside).toBe(1);
      expect(counter).toBe(contenders);
    });

    it('tryAcquire gets nothing while the lock is held and gets it after release', async () => {
      const [first, second] = harness.lockers;
      const held = await first.tryAcquire(name, { ttlMs: 2000 });
      expect(held?.name).toBe(name);
      expect(await second.tryAcquire(name, { ttlMs: 2000 })).toBeUndefined();
      await held!.release();
      const next = await second.tryAcquire(name, { ttlMs: 2000 });
      expect(next).toBeDefined();
      await next!.release();
    });

    it('acquire waits for the holder to release', async () => {
      const [first, second] = harness.lockers;
      const held = await first.acquire(name, { ttlMs: 2000, waitMs: 0 });
      const events: string[] = [];
      const waiting = second.acquire(name, { ttlMs: 2000, waitMs: 5000, retryDelayMs: 10 }).then((lock) => {
        events.push('acquired');
        return lock;
      });
      await sleep(50);
      events.push('released');
      await held.release();
      const lock = await waiting;
      expect(events).toEqual(['released', 'acquired']);
      await lock.release();
    });

    it('throws LOCK_TIMEOUT when the wait runs out, and the timed-out waiter does not get it later', async () => {
      const [first, second] = harness.lockers;
      const held = await first.acquire(name, { ttlMs: 2000, waitMs: 0 });
      const error = await second.acquire(name, { ttlMs: 2000, waitMs: 80, retryDelayMs: 10 }).catch((e) => e);
      expect(isAppError(error) && error.code).toBe('LOCK_TIMEOUT');
      await held.release();
      const next = await first.tryAcquire(name, { ttlMs: 2000 });
      expect(next).toBeDefined();
      await next!.release();
    });

    it('withLock releases when the function throws and passes the error through', async () => {
      const [first, second] = harness.lockers;
      const failure = new Error('inside');
      await expect(
        first.withLock(name, { ttlMs: 2000, waitMs: 0 }, () => Promise.reject(failure)),
      ).rejects.toBe(failure);
      const next = await second.tryAcquire(name, { ttlMs: 2000 });
      expect(next).toBeDefined();
      await next!.release();
    });

    it('keeps renewing a held lock past its ttl', async () => {
      const [first, second] = harness.lockers;
      // Renewed every third of the ttl: with a short one, an event loop stalled for a few hundred
      // milliseconds on a busy machine would lose the lock, which is what the ttl is for.
      const ttlMs = 1_500;
      const held = await first.acquire(name, { ttlMs, waitMs: 0 });
      await sleep(ttlMs * 2);
      expect(await second.tryAcquire(name, { ttlMs })).toBeUndefined();
      expect(held.signal.aborted).toBe(false);
      await held.release();
      expect(held.signal.aborted).toBe(false);
    }, 20_000);

    it('aborts the signal of a lost lock and refuses to extend it', async ({ skip }) => {
      if (!harness.loseLock) skip('in-process locks cannot be lost');
      const held = await harness.lockers[0].acquire(name, { ttlMs: 150, waitMs: 0 });
      await harness.loseLock!(name);
      await vi.waitFor(() => expect(held.signal.aborted).toBe(true), { timeout: 10_000, interval: 10 });
      expect(isAppError(held.signal.reason)).toBe(true);
      await expect(held.extend(1000)).rejects.toSatisfy(isAppError);
    });

    it('a holder that lost its lock cannot release the next holder', async ({ skip }) => {
      if (!harness.loseLock) skip('in-process locks cannot be lost');
      const [first, second] = harness.lockers;
      const held = await first.acquire(name, { ttlMs: 5000, waitMs: 0 });
      await harness.loseLock!(name);
      const successor = await second.tryAcquire(name, { ttlMs: 5000 });
      expect(successor).toBeDefined();
      await held.release();
      expect(await first.tryAcquire(name, { ttlMs: 5000 })).toBeUndefined();
      await successor!.release();
    });
  });
}
