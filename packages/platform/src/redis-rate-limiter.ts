import { randomUUID } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { ErrorReporter } from './error-reporter.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';
import { redisFailure } from './redis-failure.ts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    kgSlidingWindow(key: string, limit: number, windowMs: number, member: string): Result<number[], Context>;
  }
}

// Redis's own clock, so replicas with skewed clocks still agree on the window.
const slidingWindowScript = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then return {0, 0, tonumber(oldest[2]) + window - now} end
return {0, 0, window}`;

const defaultFallbackMs = 1000;

export interface RedisRateLimiterOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly onError: ErrorReporter;
  /**
   * Replicas sharing each limit. While Redis fails, each replica allows `limit / expectedInstances`
   * on its own, so an outage neither blocks everyone nor multiplies the limit.
   */
  readonly expectedInstances: number;
  /** After a Redis failure, how long to stay on the local limiter before trying Redis again. */
  readonly fallbackMs?: number;
}

/** Sliding-window log in one Lua script over a ZSET of hit times; fails open to a capped local log. */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #onError: ErrorReporter;
  readonly #expectedInstances: number;
  readonly #fallbackMs: number;
  readonly #local = new MemoryRateLimiter();
  readonly #memberPrefix = `${randomUUID()}:`;
  #sequence = 0;
  #redisDownUntil = 0;

  constructor(options: RedisRateLimiterOptions) {
    this.#redis = options.redis;
    this.#keyPrefix = `${options.keyPrefix}:rl:`;
    this.#onError = options.onError;
    this.#expectedInstances = options.expectedInstances;
    this.#fallbackMs = options.fallbackMs ?? defaultFallbackMs;
    this.#redis.defineCommand('kgSlidingWindow', { numberOfKeys: 1, lua: slidingWindowScript });
  }

  async hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    if (Date.now() < this.#redisDownUntil) return this.#hitLocally(key, rule);
    try {
      this.#sequence += 1;
      const member = this.#memberPrefix + this.#sequence;
      const reply = await this.#redis.kgSlidingWindow(
        this.#keyPrefix + key,
        rule.limit,
        rule.windowMs,
        member,
      );
      const [allowed = 0, remaining = 0, retryAfterMs = 0] = reply;
      return { allowed: allowed === 1, remaining, retryAfterMs };
    } catch (error) {
      const failure = redisFailure(error);
      if (failure.code !== 'DEPENDENCY_UNAVAILABLE') throw failure;
      this.#redisDownUntil = Date.now() + this.#fallbackMs;
      this.#onError(failure, 'rate limiting falls back to the local limiter');
      return this.#hitLocally(key, rule);
    }
  }

  #hitLocally(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    // At least one hit per replica: a share of zero would turn fail-open into fail-closed.
    const share = Math.max(1, Math.floor(rule.limit / this.#expectedInstances));
    return this.#local.hit(key, { limit: share, windowMs: rule.windowMs });
  }
}
