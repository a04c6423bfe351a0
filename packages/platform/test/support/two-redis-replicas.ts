import { getTestRedis } from '@kirogate/testing';
import { closeRedis, requestPathRedis } from '../../src/redis-connections.ts';
import type { RedisRateLimiterOptions } from '../../src/redis-rate-limiter.ts';

/**
 * Two replicas of a Redis-backed limit store, each on its own connection to the test Redis, sharing
 * one key prefix; a Redis error fails the test instead of degrading to local state.
 */
export async function twoRedisReplicas<T>(
  create: (options: RedisRateLimiterOptions) => T,
): Promise<{ replicas: [T, T]; close: () => Promise<void> }> {
  const fixture = (await getTestRedis())!;
  const clients = [0, 1].map(() => requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 }));
  const [first, second] = clients.map((redis) =>
    create({
      redis,
      keyPrefix: fixture.keyPrefix,
      expectedInstances: 2,
      onError: (error) => {
        throw error;
      },
    }),
  );
  return {
    replicas: [first!, second!],
    close: async () => {
      await Promise.all(clients.map(closeRedis));
      await fixture.cleanup();
    },
  };
}
