import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAppError } from '@kirogate/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../cache.ts';

export interface CacheHarness {
  readonly cache: Cache;
  close(): Promise<void>;
}

export function cacheContract(label: string, makeHarness: () => Promise<CacheHarness>): void {
  describe(`Cache contract: ${label}`, () => {
    let harness: CacheHarness;
    let cache: Cache;
    let key: string;
    beforeEach(async () => {
      harness = await makeHarness();
      cache = harness.cache;
      key = `key-${randomUUID()}`;
    });
    afterEach(() => harness.close());

    it('returns what was set as a copy, and undefined for what was not', async () => {
      const value = { name: 'kiro', models: ['claude-sonnet-4.5'], quota: { used: 1.5 }, none: null };
      await cache.set(key, value, 10_000);
      const read = await cache.get<typeof value>(key);
      expect(read).toEqual(value);
      read!.models.push('mutated');
      expect(await cache.get(key)).toEqual(value);
      expect(await cache.get(`${key}-other`)).toBeUndefined();
    });

    it('forgets entries after their ttl and on delete', async () => {
      // Read back at once, and with a ttl no stall between two calls comes near: the read proves the
      // entry was stored, the sleep (which never ends early by more than a millisecond) that it expired.
      await cache.set(key, 'short', 1_000);
      expect(await cache.get(key)).toBe('short');
      await cache.set(`${key}-deleted`, 'long', 10_000);
      await cache.delete(`${key}-deleted`);
      expect(await cache.get(`${key}-deleted`)).toBeUndefined();
      await sleep(1_100);
      expect(await cache.get(key)).toBeUndefined();
    });

    it('getMany answers in key order with undefined for misses', async () => {
      await cache.set(`${key}-a`, 1, 10_000);
      await cache.set(`${key}-c`, { c: true }, 10_000);
      expect(await cache.getMany([`${key}-c`, `${key}-b`, `${key}-a`])).toEqual([{ c: true }, undefined, 1]);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('incrBy counts atomically from zero, down as well as up, readable through get', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.incrBy(key, 1)));
      expect(new Set(results).size).toBe(50);
      expect(Math.max(...results)).toBe(50);
      expect(await cache.incrBy(key, -20)).toBe(30);
      expect(await cache.get<number>(key)).toBe(30);
    });

    it('incrBy with a ttl expires after the last change; without one it keeps the expiry it had', async () => {
      // Each pair of calls runs back to back, far within the short ttl: only the expiry it leaves is
      // timed, and only by the sleep, which outlasts the short ttl and not the long one.
      const [lengthened, shortened, kept] = [`${key}-lengthened`, `${key}-shortened`, `${key}-kept`];
      await cache.incrBy(lengthened, 1, 1_000);
      await cache.incrBy(lengthened, 1, 60_000);
      await cache.incrBy(shortened, 1, 60_000);
      await cache.incrBy(shortened, 1, 1_000);
      await cache.incrBy(kept, 1, 1_000);
      await cache.incrBy(kept, 1);
      expect(await cache.getMany([lengthened, shortened, kept])).toEqual([2, 2, 2]);
      await sleep(1_100);
      expect(await cache.getMany([lengthened, shortened, kept])).toEqual([2, undefined, undefined]);
    });

    it('refuses to increment a value that is not an integer', async () => {
      await cache.set(key, 'text', 10_000);
      const error = await cache.incrBy(key, 1).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('INTERNAL');
    });
  });
}
