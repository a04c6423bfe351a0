import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.ts';
import { cacheContract } from './contract-tests/cache-contract.ts';
import { LocalFallbackCache } from './local-fallback-cache.ts';
import { MemoryCache } from './memory-cache.ts';

cacheContract('local fallback over in-process', async () => ({
  cache: new LocalFallbackCache(new MemoryCache()),
  close: async () => undefined,
}));

/** A shared cache that can be switched off: every call then fails as a dead Redis does. */
class SwitchableCache implements Cache {
  readonly store = new MemoryCache();
  down = false;
  calls = 0;
  failWith: Error | undefined;

  #check(): void {
    this.calls += 1;
    if (this.failWith) throw this.failWith;
    if (this.down) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is unavailable');
  }
  async get<T>(key: string) {
    this.#check();
    return this.store.get<T>(key);
  }
  async getMany<T>(keys: readonly string[]) {
    this.#check();
    return this.store.getMany<T>(keys);
  }
  async set(key: string, value: unknown, ttlMs: number) {
    this.#check();
    await this.store.set(key, value, ttlMs);
  }
  async delete(key: string) {
    this.#check();
    await this.store.delete(key);
  }
  async incrBy(key: string, n: number, ttlMs?: number) {
    this.#check();
    return this.store.incrBy(key, n, ttlMs);
  }
}

function setup() {
  let now = 1_000_000;
  const shared = new SwitchableCache();
  const events: string[] = [];
  const cache = new LocalFallbackCache(shared, {
    retryAfterMs: 1_000,
    now: () => now,
    onDegraded: () => events.push('degraded'),
    onReconciled: (keys) => events.push(`reconciled ${keys}`),
  });
  return { shared, cache, events, advance: (ms: number) => (now += ms) };
}

describe('LocalFallbackCache', () => {
  it('answers from what it last read or wrote while the shared cache is down', async () => {
    const { shared, cache, events } = setup();
    await shared.store.set('token', { accessToken: 'a', expiresAt: 5 }, 60_000);
    expect(await cache.getMany(['token', 'missing'])).toEqual([
      { accessToken: 'a', expiresAt: 5 },
      undefined,
    ]);
    await cache.set('lease', { id: 1 }, 60_000);
    shared.down = true;
    expect(await cache.get('token')).toEqual({ accessToken: 'a', expiresAt: 5 });
    expect(await cache.get('lease')).toEqual({ id: 1 });
    await cache.set('lease-2', { id: 2 }, 60_000);
    expect(await cache.get('lease-2')).toEqual({ id: 2 });
    await cache.delete('lease');
    expect(await cache.get('lease')).toBeUndefined();
    expect(events).toEqual(['degraded']);
  });

  it('leaves a dead shared cache alone for retryAfterMs, then tries it again', async () => {
    const { shared, cache, advance } = setup();
    shared.down = true;
    await cache.get('a');
    const afterFirst = shared.calls;
    await cache.get('a');
    await cache.incrBy('n', 1);
    expect(shared.calls).toBe(afterFirst);
    advance(1_001);
    await cache.get('a');
    expect(shared.calls).toBe(afterFirst + 1);
  });

  it('adds the increments made during an outage to the shared counter afterwards', async () => {
    const { shared, cache, events, advance } = setup();
    await cache.incrBy('inflight', 3, 60_000);
    shared.down = true;
    expect(await cache.incrBy('inflight', 2, 60_000)).toBe(5);
    expect(await cache.incrBy('inflight', -1, 60_000)).toBe(4);
    // Another replica moved the shared counter meanwhile.
    await shared.store.incrBy('inflight', 10);
    shared.down = false;
    advance(1_001);
    expect(cache.pending).toBe(1);
    await cache.get('anything');
    await cache.reconcile();
    expect(await shared.store.get('inflight')).toBe(3 + 10 + 2 - 1);
    expect(cache.pending).toBe(0);
    expect(events).toEqual(['degraded', 'reconciled 1']);
  });

  it('replays the last write of each key, deletes included, and not one a newer write replaced', async () => {
    const { shared, cache, advance } = setup();
    await cache.set('deleted', 'old', 60_000);
    await cache.set('replaced', 'old', 60_000);
    shared.down = true;
    await cache.set('written', 'first', 60_000);
    await cache.set('written', 'second', 60_000);
    await cache.delete('deleted');
    await cache.set('replaced', 'during the outage', 60_000);
    shared.down = false;
    advance(1_001);
    await cache.set('replaced', 'after the outage', 60_000);
    await cache.reconcile();
    expect(await shared.store.get('written')).toBe('second');
    expect(await shared.store.get('deleted')).toBeUndefined();
    expect(await shared.store.get('replaced')).toBe('after the outage');
  });

  it('keeps what it could not replay when the shared cache fails again', async () => {
    const { shared, cache, advance } = setup();
    shared.down = true;
    await cache.incrBy('n', 4);
    await cache.set('k', 'v', 60_000);
    advance(1_001);
    await cache.reconcile();
    expect(cache.pending).toBe(2);
    shared.down = false;
    advance(1_001);
    await cache.reconcile();
    expect(cache.pending).toBe(0);
    expect(await shared.store.get('n')).toBe(4);
    expect(await shared.store.get('k')).toBe('v');
  });

  it('drops and reports a replayed write the shared cache refuses, and replays the rest', async () => {
    const { shared } = setup();
    const reported: string[] = [];
    const reporting = new LocalFallbackCache(shared, {
      onReplayError: (error) => reported.push((error as Error).message),
    });
    shared.down = true;
    await reporting.set('refused', 'v', 60_000);
    await reporting.incrBy('counter', 2);
    shared.down = false;
    let refusals = 1;
    const set = shared.set.bind(shared);
    shared.set = async (key, value, ttlMs) => {
      if (key === 'refused' && refusals-- > 0) throw new AppError('INTERNAL', 'WRONGTYPE');
      await set(key, value, ttlMs);
    };
    await reporting.reconcile();
    expect(reported).toEqual(['WRONGTYPE']);
    expect(reporting.pending).toBe(0);
    expect(await shared.store.get('counter')).toBe(2);
    expect(await shared.store.get('refused')).toBeUndefined();
  });

  it('does not hide errors other than unavailability', async () => {
    const { shared, cache } = setup();
    shared.failWith = new AppError('INTERNAL', 'WRONGTYPE');
    await expect(cache.get('a')).rejects.toThrow('WRONGTYPE');
    await expect(cache.incrBy('a', 1)).rejects.toThrow('WRONGTYPE');
  });
});
