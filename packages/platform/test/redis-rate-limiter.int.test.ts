import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { rateLimiterContract } from '../src/contract-tests/rate-limiter-contract.ts';
import { closeRedis, requestPathRedis } from '../src/redis-connections.ts';
import { RedisRateLimiter } from '../src/redis-rate-limiter.ts';

describeWithServices('RedisRateLimiter', { redis: true }, () => {
  rateLimiterContract('Redis', async () => {
    const fixture = (await getTestRedis())!;
    const clients = [0, 1].map(() => requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 }));
    const [first, second] = clients.map(
      (redis) =>
        new RedisRateLimiter({
          redis,
          keyPrefix: fixture.keyPrefix,
          expectedInstances: 2,
          onError: (error) => {
            throw error;
          },
        }),
    );
    return {
      limiters: [first!, second!],
      close: async () => {
        await Promise.all(clients.map(closeRedis));
        await fixture.cleanup();
      },
    };
  });
});
