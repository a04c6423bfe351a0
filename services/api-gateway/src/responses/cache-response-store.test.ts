import { randomBytes } from 'node:crypto';
import type { Caller } from '@kirogate/contracts';
import { createKeyring, EncryptionKey } from '@kirogate/db/crypto';
import { MemoryCache } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import { CacheResponseStore } from './cache-response-store.ts';
import type { StoredResponse } from './response-store.ts';

const id = 'resp_0123456789abcdef01234567';
const server: Caller = { kind: 'server' } as Caller;
const other: Caller = { kind: 'own-token', refreshTokenHash: 'a'.repeat(64) } as Caller;

function stored(text: string): StoredResponse {
  return {
    response: { id, output: [{ type: 'message', content: [{ type: 'output_text', text }] }] } as never,
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  };
}

function setup() {
  const cache = new MemoryCache();
  const keyring = createKeyring(new EncryptionKey(randomBytes(32)));
  return { cache, keyring, store: new CacheResponseStore(cache, keyring, 60_000) };
}

describe('CacheResponseStore', () => {
  it('gives a response back to its owner only, and deletes it for its owner only', async () => {
    const { store } = setup();
    await store.save(server, stored('the secret plan'));
    expect(await store.load(server, id)).toEqual(stored('the secret plan'));
    expect(await store.load(other, id)).toBeUndefined();
    expect(await store.delete(other, id)).toBe(false);
    expect(await store.delete(server, id)).toBe(true);
    expect(await store.load(server, id)).toBeUndefined();
    expect(await store.delete(server, id)).toBe(false);
  });

  it('keeps only ciphertext in the cache, under a key that does not name the caller', async () => {
    const { cache, store } = setup();
    const seen: Array<{ key: string; value: unknown }> = [];
    const set = cache.set.bind(cache);
    cache.set = async (key, value, ttlMs) => {
      seen.push({ key, value });
      await set(key, value, ttlMs);
    };
    await store.save(other, stored('the secret plan'));
    expect(seen).toHaveLength(1);
    expect(String(seen[0]?.value)).toMatch(/^kg1\./);
    expect(String(seen[0]?.value)).not.toContain('secret plan');
    expect(seen[0]?.key).not.toContain('own:');
  });

  it('treats a response sealed under a key it no longer has as gone', async () => {
    const { cache, store } = setup();
    await store.save(server, stored('x'));
    const stranger = new CacheResponseStore(cache, createKeyring(new EncryptionKey(randomBytes(32))), 60_000);
    expect(await stranger.load(server, id)).toBeUndefined();
  });

  it('does not look up ids that are not response ids', async () => {
    const { store } = setup();
    expect(await store.load(server, '../etc')).toBeUndefined();
    expect(await store.delete(server, 'resp_x')).toBe(false);
  });
});
