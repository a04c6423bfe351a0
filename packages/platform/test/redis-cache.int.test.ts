import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { cacheContract } from '../src/contract-tests/cache-contract.ts';
import { RedisCache } from '../src/redis-cache.ts';
import { closeRedis, requestPathRedis } from '../src/redis-connections.ts';

describeWithServices('RedisCache', { redis: true }, () => {
  cacheContract('Redis', async () => {
    const fixture = (await getTestRedis())!;
    const redis = requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 });
    return {
      cache: new RedisCache({ redis, keyPrefix: fixture.keyPrefix }),
      close: async () => {
        await closeRedis(redis);
        await fixture.cleanup();
      },
    };
  });
});
