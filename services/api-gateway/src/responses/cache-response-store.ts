import { createHash } from 'node:crypto';
import { type Caller, callerLabel } from '@kirogate/contracts';
import { DecryptionError, decryptSecret, encryptSecret, type Keyring } from '@kirogate/db/crypto';
import type { Cache } from '@kirogate/platform';
import type { ResponseStore, StoredResponse } from './response-store.ts';

const responseId = /^resp_[0-9a-f]{24}$/;

/**
 * Responses in the shared cache (Redis, or in-process when standalone) for a fixed time, sealed with
 * AES-256-GCM. The cache key holds a hash of the owner, and the owner and id are the ciphertext's
 * additional data, so another caller can neither find nor decrypt someone else's response.
 */
export class CacheResponseStore implements ResponseStore {
  readonly #cache: Cache;
  readonly #keyring: Keyring;
  readonly #ttlMs: number;

  constructor(cache: Cache, keyring: Keyring, ttlMs: number) {
    this.#cache = cache;
    this.#keyring = keyring;
    this.#ttlMs = ttlMs;
  }

  async save(owner: Caller, stored: StoredResponse): Promise<void> {
    const id = stored.response.id;
    const sealed = encryptSecret(JSON.stringify(stored), { key: this.#keyring.current, aad: aad(owner, id) });
    await this.#cache.set(cacheKey(owner, id), sealed, this.#ttlMs);
  }

  async load(owner: Caller, id: string): Promise<StoredResponse | undefined> {
    if (!responseId.test(id)) return undefined;
    const sealed = await this.#cache.get<string>(cacheKey(owner, id));
    if (typeof sealed !== 'string') return undefined;
    try {
      return JSON.parse(
        decryptSecret(sealed, { keyring: this.#keyring, aad: aad(owner, id) }),
      ) as StoredResponse;
    } catch (error) {
      // Sealed under a key this process no longer has: as good as expired.
      if (error instanceof DecryptionError) return undefined;
      throw error;
    }
  }

  async delete(owner: Caller, id: string): Promise<boolean> {
    if (!responseId.test(id)) return false;
    const key = cacheKey(owner, id);
    const existed = (await this.#cache.get<string>(key)) !== undefined;
    if (existed) await this.#cache.delete(key);
    return existed;
  }
}

function aad(owner: Caller, id: string): string {
  return `responses:${callerLabel(owner)}:${id}`;
}

function cacheKey(owner: Caller, id: string): string {
  const ownerHash = createHash('sha256').update(callerLabel(owner)).digest('hex').slice(0, 32);
  return `responses:${ownerHash}:${id}`;
}
