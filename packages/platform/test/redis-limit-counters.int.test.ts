import { randomUUID } from 'node:crypto';
import { describeWithServices } from '@kirogate/testing';
import { expect, it } from 'vitest';
import { limitCountersContract } from '../src/contract-tests/limit-counters-contract.ts';
import { closeRedis, requestPathRedis } from '../src/redis-connections.ts';
import { RedisLimitCounters } from '../src/redis-limit-counters.ts';
import { twoRedisReplicas } from './support/two-redis-replicas.ts';

describeWithServices('RedisLimitCounters', { redis: true }, () => {
  limitCountersContract('Redis', async () => {
    const { replicas, close } = await twoRedisReplicas((options) => new RedisLimitCounters(options));
    return { counters: replicas, close };
  });

  it('fails open to local counters capped at limit / expectedInstances while Redis is down', async () => {
    const dead = requestPathRedis('redis://127.0.0.1:1', { commandTimeoutMs: 100 });
    dead.on('error', () => undefined);
    const errors: unknown[] = [];
    const counters = new RedisLimitCounters({
      redis: dead,
      keyPrefix: 'kg',
      expectedInstances: 2,
      fallbackMs: 60_000,
      onError: (error) => errors.push(error),
    });
    try {
      const slots = { kind: 'slots', key: 'conc', limit: 4 } as const;
      const claims = [0, 1, 2].map(() => ({ id: randomUUID(), ttlMs: 60_000 }));
      const decisions = [];
      for (const claim of claims) decisions.push((await counters.admit([slots], claim)).allowed);
      expect(decisions).toEqual([true, true, false]);
      expect(errors).toHaveLength(1);
      await counters.release(['conc'], claims[0]!.id);
      expect((await counters.admit([slots], { id: randomUUID(), ttlMs: 60_000 })).allowed).toBe(true);
    } finally {
      await closeRedis(dead);
    }
  });
});
