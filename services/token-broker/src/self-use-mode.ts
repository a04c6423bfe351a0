import { type SiteStateSnapshot, siteStateCacheKey } from '@kirogate/contracts';
import type { Cache } from '@kirogate/platform';

/**
 * Whether the admin switched the site to self-use mode, read from the site snapshot user-service
 * publishes in the shared cache. Read at most once per `ttlMs`, so a lease does not wait for the
 * cache every time; a switch takes effect on every broker replica within that time.
 */
export class SelfUseMode {
  readonly #cache: Cache;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #value = false;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<boolean> | undefined;

  constructor(cache: Cache, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#cache = cache;
    this.#ttlMs = options.ttlMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  async enabled(): Promise<boolean> {
    if (this.#now() - this.#readAt < this.#ttlMs) return this.#value;
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<boolean> {
    const snapshot = await this.#cache.get<SiteStateSnapshot>(siteStateCacheKey);
    this.#value = snapshot?.selfUseEnabled === true;
    this.#readAt = this.#now();
    return this.#value;
  }
}
