import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { lockerContract } from '../src/contract-tests/locker-contract.ts';
import { closeRedis, requestPathRedis } from '../src/redis-connections.ts';
import { RedisLocker } from '../src/redis-locker.ts';

describeWithServices('RedisLocker', { redis: true }, () => {
  lockerContract('Redis', async () => {
    const fixture = (await getTestRedis())!;
    const clients = [0, 1].map(() => requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 }));
    const [first, second] = clients.map(
      (redis) => new RedisLocker({ redis, keyPrefix: fixture.keyPrefix, onError: () => undefined }),
    );
    return {
      lockers: [first!, second!],
      loseLock: async (name) => {
        await clients[0]!.del(`${fixture.keyPrefix}:lock:${name}`);
      },
      close: async () => {
        await Promise.all(clients.map(closeRedis));
        await fixture.cleanup();
      },
    };
  });
});
