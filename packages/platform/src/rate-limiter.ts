export interface RateLimitRule {
  /** Hits allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Hits still allowed in the current window after this one. */
  readonly remaining: number;
  /** When denied, how long until the oldest counted hit leaves the window; else 0. */
  readonly retryAfterMs: number;
}

/** A sliding-window log: a hit counts against its key for exactly `windowMs`. Denied hits do not count. */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
}
