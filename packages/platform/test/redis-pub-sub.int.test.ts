import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { pubSubContract } from '../src/contract-tests/pub-sub-contract.ts';
import { closeRedis, requestPathRedis, subscriberRedis } from '../src/redis-connections.ts';
import { RedisPubSub } from '../src/redis-pub-sub.ts';

describeWithServices('RedisPubSub', { redis: true }, () => {
  pubSubContract('Redis', async (onError) => {
    const fixture = (await getTestRedis())!;
    const publishers = [0, 1].map(() => requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 }));
    const subscribers = [0, 1].map(() => subscriberRedis(fixture.url));
    const [first, second] = [0, 1].map(
      (i) =>
        new RedisPubSub({
          publisher: publishers[i]!,
          subscriber: subscribers[i]!,
          keyPrefix: fixture.keyPrefix,
          onError,
        }),
    );
    return {
      buses: [first!, second!],
      close: async () => {
        await Promise.all([...publishers, ...subscribers].map(closeRedis));
        await fixture.cleanup();
      },
    };
  });
});
