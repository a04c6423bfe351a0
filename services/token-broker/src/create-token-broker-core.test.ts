import { createPlatform } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import { createTokenBrokerCore } from './create-token-broker-core.ts';

describe('createTokenBrokerCore with in-process state', () => {
  it('keeps no combined-mode refresh token or access token in plain JSON in the cache', async () => {
    const platform = createPlatform({ keyPrefix: 'kg' });
    const written: string[] = [];
    const cache = {
      ...platform.cache,
      get: platform.cache.get.bind(platform.cache),
      getMany: platform.cache.getMany.bind(platform.cache),
      delete: platform.cache.delete.bind(platform.cache),
      incrBy: platform.cache.incrBy.bind(platform.cache),
      set: async (key: string, value: unknown, ttlMs: number) => {
        written.push(JSON.stringify(value));
        await platform.cache.set(key, value, ttlMs);
      },
    };
    const ownToken = `aorOWN${'x'.repeat(100)}`;
    const core = await createTokenBrokerCore({
      platform: { locker: platform.locker, cache, kind: 'memory' },
      kiro: {
        refreshAccessToken: async () => ({
          accessToken: 'aoaACCESSSECRET',
          refreshToken: `aorROTATED${'y'.repeat(100)}`,
          expiresAt: new Date(Date.now() + 3_600_000),
        }),
        getUsageLimits: async () => {
          throw new Error('not used');
        },
      },
      serverCredentials: { records: [], persist: async () => undefined, sources: [] },
      region: 'us-east-1',
      refreshMarginMs: 600_000,
      maxInFlightPerCredential: 4,
    });
    const lease = await core.broker.lease({
      caller: { kind: 'own-token', refreshToken: ownToken, refreshTokenHash: 'h'.repeat(64) },
      model: 'claude-sonnet-4.5',
    });
    expect(lease.accessToken).toBe('aoaACCESSSECRET');
    expect(written.length).toBeGreaterThan(0);
    for (const value of written) {
      expect(value).not.toContain('aorOWN');
      expect(value).not.toContain('aorROTATED');
      expect(value).not.toContain('aoaACCESSSECRET');
    }
    await platform.close();
  });
});
