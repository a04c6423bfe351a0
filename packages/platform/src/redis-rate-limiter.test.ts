import { isAppError } from '@kirogate/errors';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorReporter } from './error-reporter.ts';
import { closeRedis, requestPathRedis } from './redis-connections.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

describe('RedisRateLimiter when Redis is down', () => {
  let deadRedis: Redis;
  beforeEach(() => {
    deadRedis = requestPathRedis('redis://127.0.0.1:1', { commandTimeoutMs: 100 });
    deadRedis.on('error', () => undefined);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await closeRedis(deadRedis);
  });

  it('fails open but caps each replica at limit / expectedInstances, and retries Redis after a while', async () => {
    // Only the clock the fallback window is read from stands still (timers stay real, for the dead
    // connection): on a busy machine the hits below could otherwise straddle the 100 ms window.
    vi.useFakeTimers({ toFake: ['Date'] });
    const onError = vi.fn<ErrorReporter>();
    const limiter = new RedisRateLimiter({
      redis: deadRedis,
      keyPrefix: 'kg',
      onError,
      expectedInstances: 4,
      fallbackMs: 100,
    });
    const rule = { limit: 8, windowMs: 60_000 };
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await limiter.hit('caller', rule));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(onError).toHaveBeenCalledTimes(1);
    const [reported] = onError.mock.calls[0]!;
    expect(isAppError(reported) && reported.code).toBe('DEPENDENCY_UNAVAILABLE');

    vi.setSystemTime(Date.now() + 150);
    expect((await limiter.hit('caller', rule)).allowed).toBe(false);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('still lets one hit per window through on each replica when the share rounds to zero', async () => {
    const limiter = new RedisRateLimiter({
      redis: deadRedis,
      keyPrefix: 'kg',
      onError: () => undefined,
      expectedInstances: 10,
    });
    const rule = { limit: 3, windowMs: 60_000 };
    expect((await limiter.hit('caller', rule)).allowed).toBe(true);
    expect((await limiter.hit('caller', rule)).allowed).toBe(false);
  });
});
