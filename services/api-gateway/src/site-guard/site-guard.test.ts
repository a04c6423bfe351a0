import {
  hashSecret,
  noLimits,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from '@kirogate/contracts';
import { createPlatform } from '@kirogate/platform';
import { describe, expect, it, vi } from 'vitest';
import { connectUserService } from './connect-user-service.ts';
import { SiteGuard } from './site-guard.ts';
import { subscribeKeyRevocations } from './subscribe-key-revocations.ts';

const snapshot = (patch: Partial<SiteStateSnapshot> = {}): SiteStateSnapshot => ({
  siteEnabled: true,
  selfUseEnabled: false,
  proxyApiKeyHash: null,
  blacklist: [],
  publishedAt: new Date(0).toISOString(),
  ...patch,
});

function memoryPlatform() {
  return createPlatform({ keyPrefix: 'test' });
}

describe('SiteGuard', () => {
  it('is open, with the env proxy key, while nothing was published', async () => {
    const { cache, pubsub } = memoryPlatform();
    const guard = new SiteGuard({ cache, pubsub, envProxyApiKey: 'env-key' });
    await guard.start();
    const view = await guard.view();
    expect(view.siteEnabled).toBe(true);
    expect(view.isBlacklisted('203.0.113.1')).toBe(false);
    expect(guard.proxyKeyHash()).toBe(hashSecret('env-key'));
  });

  it('reads the published snapshot; IPv4-mapped addresses match their IPv4 entry', async () => {
    const { cache, pubsub } = memoryPlatform();
    await cache.set(
      siteStateCacheKey,
      snapshot({ blacklist: ['203.0.113.9'], proxyApiKeyHash: hashSecret('admin-key') }),
      60_000,
    );
    const guard = new SiteGuard({ cache, pubsub, envProxyApiKey: 'env-key' });
    await guard.start();
    const view = await guard.view();
    expect(view.isBlacklisted('203.0.113.9')).toBe(true);
    expect(view.isBlacklisted('::ffff:203.0.113.9')).toBe(true);
    expect(view.isBlacklisted('203.0.113.10')).toBe(false);
    expect(view.isBlacklisted(null)).toBe(false);
    expect(guard.proxyKeyHash()).toBe(hashSecret('admin-key'));
  });

  it('reuses its copy within the ttl and drops it on a site-changed message', async () => {
    const { cache, pubsub } = memoryPlatform();
    const guard = new SiteGuard({ cache, pubsub, envProxyApiKey: undefined, ttlMs: 3_600_000 });
    await guard.start();
    await cache.set(siteStateCacheKey, snapshot({ siteEnabled: false }), 60_000);
    expect((await guard.view()).siteEnabled).toBe(true);
    await pubsub.publish(siteChangedChannel, 'now');
    await vi.waitFor(async () => expect((await guard.view()).siteEnabled).toBe(false));
    await guard.stop();
  });

  it('keeps the last known state when the shared store fails', async () => {
    const { cache, pubsub } = memoryPlatform();
    await cache.set(siteStateCacheKey, snapshot({ blacklist: ['198.51.100.1'] }), 60_000);
    const errors: unknown[] = [];
    const guard = new SiteGuard({
      cache,
      pubsub,
      envProxyApiKey: undefined,
      ttlMs: 0,
      onError: (e) => errors.push(e),
    });
    await guard.start();
    vi.spyOn(cache, 'get').mockRejectedValue(new Error('redis down'));
    expect((await guard.view()).isBlacklisted('198.51.100.1')).toBe(true);
    expect(errors).toHaveLength(1);
  });
});

describe('subscribeKeyRevocations', () => {
  it('drops the named keys, everything on {all}, and everything on a message it cannot read', async () => {
    const { pubsub } = memoryPlatform();
    const dropped: (string | undefined)[] = [];
    const unsubscribe = await subscribeKeyRevocations(pubsub, { invalidate: (hash) => dropped.push(hash) });
    await pubsub.publish('api-keys:revoked', JSON.stringify({ keyHashes: ['a'.repeat(64), 'b'.repeat(64)] }));
    await pubsub.publish('api-keys:revoked', JSON.stringify({ all: true }));
    await pubsub.publish('api-keys:revoked', 'not json');
    await vi.waitFor(() => expect(dropped).toEqual(['a'.repeat(64), 'b'.repeat(64), undefined, undefined]));
    await unsubscribe();
  });
});

describe('connectUserService', () => {
  it('caches verdicts until user-service revokes the key, and exposes the guard and proxy key', async () => {
    const platform = memoryPlatform();
    let status: 'active' | 'banned' = 'active';
    let lookups = 0;
    const connection = await connectUserService({
      platform,
      verifier: {
        verify: async (keyHash) => {
          lookups += 1;
          return {
            kind: 'user',
            userId: 'u1',
            keyId: keyHash.slice(0, 8),
            status,
            limits: { user: noLimits, key: noLimits },
          };
        },
      },
      envProxyApiKey: 'env-key',
    });
    const hash = 'c'.repeat(64);
    expect((await connection.verifier.verify(hash))?.status).toBe('active');
    status = 'banned';
    expect((await connection.verifier.verify(hash))?.status).toBe('active');
    expect(lookups).toBe(1);
    await platform.pubsub.publish('api-keys:revoked', JSON.stringify({ keyHashes: [hash] }));
    await vi.waitFor(async () => expect((await connection.verifier.verify(hash))?.status).toBe('banned'));
    expect(connection.proxyKeyHash()).toBe(hashSecret('env-key'));
    await connection.close();
  });
});
