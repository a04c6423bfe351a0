import { createPlatform } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import type { CredentialRecord } from './credential-record.ts';
import { MemoryCredentialStore } from './memory-credential-store.ts';
import { TokenBroker } from './token-broker.ts';

/** Counts full reads of the pool, each taking a turn of the event loop as a database read would. */
class CountingStore extends MemoryCredentialStore {
  lists = 0;

  override async list(): Promise<CredentialRecord[]> {
    this.lists += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return super.list();
  }
}

const record: CredentialRecord = {
  id: 'server-a',
  source: 'server',
  authKind: 'social',
  refreshToken: 'aor-test-refresh-token',
  region: 'us-east-1',
  visibility: 'private',
  status: 'active',
};

describe('TokenBroker pool reads', () => {
  it('reads the pool once for a burst of leases that all find its copy stale', async () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const store = new CountingStore([record]);
    const platform = createPlatform({ keyPrefix: 'pool-reads:' });
    const broker = new TokenBroker({
      store,
      refresh: async () => ({
        refreshToken: record.refreshToken,
        accessToken: 'access-token',
        expiresAt: new Date(now + 3_600_000),
      }),
      locker: platform.locker,
      cache: platform.cache,
      refreshMarginMs: 600_000,
      ownTokenDefaults: { region: 'us-east-1' },
      maxInFlightPerCredential: 1_000,
      now: () => now,
    });
    const lease = () => broker.lease({ caller: { kind: 'server' }, model: 'claude-sonnet-4.5' });
    try {
      await lease();
      expect(store.lists).toBe(1);
      await Promise.all(Array.from({ length: 20 }, lease));
      expect(store.lists).toBe(1);

      // Past the copy's 30 s age: twenty leases at once, one read between them.
      now += 31_000;
      const leases = await Promise.all(Array.from({ length: 20 }, lease));
      expect(store.lists).toBe(2);
      expect(new Set(leases.map((each) => each.credentialId))).toEqual(new Set(['server-a']));
    } finally {
      await platform.close();
    }
  });
});
