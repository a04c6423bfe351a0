import { isAppError } from '@kirogate/errors';
import { describe, expect, it, vi } from 'vitest';
import { createPlatform } from './create-platform.ts';
import type { ErrorReporter } from './error-reporter.ts';
import { MemoryCache } from './memory-cache.ts';
import { MemoryJobQueue } from './memory-job-queue.ts';

const dependencyUnavailable = (error: unknown) =>
  isAppError(error) && error.code === 'DEPENDENCY_UNAVAILABLE';

describe('createPlatform', () => {
  it('builds in-process state without a Redis URL', async () => {
    const platform = createPlatform({ keyPrefix: 'kg' });
    expect(platform.kind).toBe('memory');
    expect(platform.cache).toBeInstanceOf(MemoryCache);
    expect(platform.jobQueue).toBeInstanceOf(MemoryJobQueue);
    await expect(platform.ping()).resolves.toBeUndefined();
    await platform.close();
  });

  it('keeps per-visitor entries in their own in-process store, so a flood of them evicts no service state', async () => {
    const platform = createPlatform({ keyPrefix: 'kg', cacheMaxEntries: 100, visitorCacheMaxEntries: 100 });
    await platform.cache.set('broker:access:1', 'sealed', 600_000);
    for (let n = 0; n < 1_000; n += 1) await platform.visitorCache.set(`oauth:state:${n}`, { n }, 600_000);
    expect(await platform.cache.get('broker:access:1')).toBe('sealed');
    expect(await platform.visitorCache.get('oauth:state:999')).toEqual({ n: 999 });
    expect(await platform.visitorCache.get('oauth:state:0')).toBeUndefined();
    await platform.close();
  });

  it('with Redis unreachable, fails fast with DEPENDENCY_UNAVAILABLE, rate-limits locally and still closes', async () => {
    const onError = vi.fn<ErrorReporter>();
    const platform = createPlatform({
      redisUrl: 'redis://127.0.0.1:1',
      keyPrefix: 'kg',
      commandTimeoutMs: 50,
      expectedInstances: 2,
      onError,
    });
    expect(platform.kind).toBe('redis');
    await expect(platform.ping()).rejects.toSatisfy(dependencyUnavailable);
    await expect(platform.cache.get('k')).rejects.toSatisfy(dependencyUnavailable);
    await expect(platform.locker.tryAcquire('l', { ttlMs: 1000 })).rejects.toSatisfy(dependencyUnavailable);
    await expect(platform.pubsub.publish('c', 'm')).rejects.toSatisfy(dependencyUnavailable);
    const rule = { limit: 4, windowMs: 60_000 };
    const allowed = [];
    for (let i = 0; i < 3; i += 1) allowed.push((await platform.rateLimiter.hit('ip', rule)).allowed);
    expect(allowed).toEqual([true, true, false]);
    expect(onError).toHaveBeenCalled();
    await platform.close();
  });
});
