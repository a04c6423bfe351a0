import type { ApiKeyVerifier, VerifiedKey } from '@kirogate/contracts';

export interface CachedApiKeyVerifierOptions {
  ttlMs: number;
  /** Unknown keys are remembered too, so a flood of bad keys never reaches the key store. */
  negativeTtlMs: number;
  maxEntries: number;
}

interface Entry {
  value: VerifiedKey | null;
  expiresAt: number;
}

/**
 * An in-process cache in front of the key store: the hot path pays no RPC or Redis round trip for a
 * known key. `invalidate` is wired to the pub/sub channel on which user-service announces revocations.
 */
export class CachedApiKeyVerifier implements ApiKeyVerifier {
  readonly #inner: ApiKeyVerifier;
  readonly #options: CachedApiKeyVerifierOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<VerifiedKey | null>>();

  constructor(inner: ApiKeyVerifier, options: CachedApiKeyVerifierOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  async verify(keyHash: string): Promise<VerifiedKey | null> {
    const entry = this.#entries.get(keyHash);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
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
    if (keyHash === undefined) this.#entries.clear();
    else this.#entries.delete(keyHash);
  }

  async #lookup(keyHash: string): Promise<VerifiedKey | null> {
    const value = await this.#inner.verify(keyHash);
    if (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    const ttl = value === null ? this.#options.negativeTtlMs : this.#options.ttlMs;
    this.#entries.set(keyHash, { value, expiresAt: Date.now() + ttl });
    return value;
  }
}
