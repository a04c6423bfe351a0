import type { ApiKeyVerifier, VerifiedKey } from '@kirogate/contracts';

export interface CachedApiKeyVerifierOptions {
  ttlMs: number;
  /** Unknown keys are remembered too, so a flood of bad keys never reaches the key store. */
  negativeTtlMs: number;
  /** Known keys kept. */
  maxEntries: number;
  /** Unknown keys kept, in a map of their own: random keys evict only other random keys. */
  maxNegativeEntries?: number;
}

interface Entry {
  value: VerifiedKey;
  expiresAt: number;
}

/**
 * An in-process cache in front of the key store: the hot path pays no RPC or Redis round trip for a
 * known key. `invalidate` is wired to the pub/sub channel on which user-service announces revocations.
 * Known and unknown keys are kept apart, each bounded, so anyone sending made-up keys cannot push a
 * valid key out and make its owner's next request wait for the store.
 */
export class CachedApiKeyVerifier implements ApiKeyVerifier {
  readonly #inner: ApiKeyVerifier;
  readonly #options: CachedApiKeyVerifierOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #unknown = new Map<string, number>();
  readonly #inflight = new Map<string, Promise<VerifiedKey | null>>();

  constructor(inner: ApiKeyVerifier, options: CachedApiKeyVerifierOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  async verify(keyHash: string): Promise<VerifiedKey | null> {
    const now = Date.now();
    const entry = this.#entries.get(keyHash);
    if (entry && entry.expiresAt > now) return entry.value;
    const unknownUntil = this.#unknown.get(keyHash);
    if (unknownUntil !== undefined && unknownUntil > now) return null;
    const pending = this.#inflight.get(keyHash);
    if (pending) return pending;
    const lookup = this.#lookup(keyHash);
    this.#inflight.set(keyHash, lookup);
    try {
      return await lookup;
    } finally {
      this.#inflight.delete(keyHash);
    }
  }

  /** Drops one key (by hash), or everything when no hash is given (a user was banned). */
  invalidate(keyHash?: string): void {
    if (keyHash === undefined) {
      this.#entries.clear();
      this.#unknown.clear();
    } else {
      this.#entries.delete(keyHash);
      this.#unknown.delete(keyHash);
    }
  }

  async #lookup(keyHash: string): Promise<VerifiedKey | null> {
    const value = await this.#inner.verify(keyHash);
    if (value === null) {
      this.#entries.delete(keyHash);
      remember(
        this.#unknown,
        keyHash,
        Date.now() + this.#options.negativeTtlMs,
        this.#options.maxNegativeEntries ?? this.#options.maxEntries,
      );
    } else {
      this.#unknown.delete(keyHash);
      remember(
        this.#entries,
        keyHash,
        { value, expiresAt: Date.now() + this.#options.ttlMs },
        this.#options.maxEntries,
      );
    }
    return value;
  }
}

/** Sets `key` last in insertion order and forgets the oldest entries beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
