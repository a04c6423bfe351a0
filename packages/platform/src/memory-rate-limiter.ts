import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';

const defaultMaxKeys = 100_000;

/** In-process sliding-window log; keys beyond `maxKeys` are forgotten least recently hit first. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #hits = new Map<string, number[]>();
  readonly #maxKeys: number;

  constructor(options: { maxKeys?: number } = {}) {
    this.#maxKeys = options.maxKeys ?? defaultMaxKeys;
  }

  async hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = Date.now();
    const hits = (this.#hits.get(key) ?? []).filter((at) => at > now - rule.windowMs);
    this.#hits.delete(key);
    let decision: RateLimitDecision;
    if (hits.length < rule.limit) {
      hits.push(now);
      decision = { allowed: true, remaining: rule.limit - hits.length, retryAfterMs: 0 };
    } else {
      const oldest = hits[0];
      decision = {
        allowed: false,
        remaining: 0,
        retryAfterMs: oldest === undefined ? rule.windowMs : oldest + rule.windowMs - now,
      };
    }
    if (hits.length > 0) this.#remember(key, hits);
    return decision;
  }

  #remember(key: string, hits: number[]): void {
    this.#hits.set(key, hits);
    if (this.#hits.size > this.#maxKeys) {
      const oldest = this.#hits.keys().next();
      if (!oldest.done) this.#hits.delete(oldest.value);
    }
  }
}
