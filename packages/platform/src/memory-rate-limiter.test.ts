import { describe, expect, it } from 'vitest';
import { rateLimiterContract } from './contract-tests/rate-limiter-contract.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';

rateLimiterContract('in-process', async () => {
  const limiter = new MemoryRateLimiter();
  return { limiters: [limiter, limiter], close: async () => undefined };
});

describe('MemoryRateLimiter bound', () => {
  it('forgets the least recently hit key beyond maxKeys', async () => {
    const limiter = new MemoryRateLimiter({ maxKeys: 2 });
    const rule = { limit: 1, windowMs: 10_000 };
    await limiter.hit('a', rule);
    await limiter.hit('b', rule);
    await limiter.hit('a', rule);
    await limiter.hit('c', rule);
    expect((await limiter.hit('a', rule)).allowed).toBe(false);
    expect((await limiter.hit('b', rule)).allowed).toBe(true);
  });
});
