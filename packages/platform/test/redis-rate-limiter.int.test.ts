import { describeWithServices } from '@kirogate/testing';
import { rateLimiterContract } from '../src/contract-tests/rate-limiter-contract.ts';
import { RedisRateLimiter } from '../src/redis-rate-limiter.ts';
import { twoRedisReplicas } from './support/two-redis-replicas.ts';

describeWithServices('RedisRateLimiter', { redis: true }, () => {
  rateLimiterContract('Redis', async () => {
    const { replicas, close } = await twoRedisReplicas((options) => new RedisRateLimiter(options));
    return { limiters: replicas, close };
  });
});
