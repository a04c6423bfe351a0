import { type ApiKeyVerifier, noLimits, type VerifiedKey } from '@kirogate/contracts';
import { describe, expect, it } from 'vitest';
import { CachedApiKeyVerifier } from './cached-api-key-verifier.ts';

const known: VerifiedKey = {
  kind: 'user',
  userId: 'u1',
  keyId: 'k1',
  status: 'active',
  limits: { user: noLimits, key: noLimits },
};

function countingStore() {
  const lookups = new Map<string, number>();
  const store: ApiKeyVerifier = {
    verify: async (hash) => {
      lookups.set(hash, (lookups.get(hash) ?? 0) + 1);
      return hash === 'valid' ? known : null;
    },
  };
  return { store, lookups };
}

describe('CachedApiKeyVerifier', () => {
  it('keeps a valid key cached however many unknown keys are looked up after it', async () => {
    const { store, lookups } = countingStore();
    const cache = new CachedApiKeyVerifier(store, {
      ttlMs: 600_000,
      negativeTtlMs: 600_000,
      maxEntries: 100,
    });
    expect(await cache.verify('valid')).toEqual(known);
    for (let n = 0; n < 1_000; n += 1) expect(await cache.verify(`random-${n}`)).toBeNull();
    expect(await cache.verify('valid')).toEqual(known);
    expect(lookups.get('valid')).toBe(1);
  });

  it('remembers unknown keys, within their own bound', async () => {
    const { store, lookups } = countingStore();
    const cache = new CachedApiKeyVerifier(store, {
      ttlMs: 600_000,
      negativeTtlMs: 600_000,
      maxEntries: 100,
      maxNegativeEntries: 10,
    });
    await cache.verify('random-a');
    await cache.verify('random-a');
    expect(lookups.get('random-a')).toBe(1);
    for (let n = 0; n < 10; n += 1) await cache.verify(`random-${n}`);
    await cache.verify('random-a');
    expect(lookups.get('random-a')).toBe(2);
  });

  it('forgets a key on invalidation, known or not', async () => {
    const { store, lookups } = countingStore();
    const cache = new CachedApiKeyVerifier(store, { ttlMs: 600_000, negativeTtlMs: 600_000, maxEntries: 10 });
    await cache.verify('valid');
    await cache.verify('nope');
    cache.invalidate('valid');
    cache.invalidate();
    await cache.verify('valid');
    await cache.verify('nope');
    expect(lookups.get('valid')).toBe(2);
    expect(lookups.get('nope')).toBe(2);
  });
});
