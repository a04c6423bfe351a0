import type { Redis, Result } from 'ioredis';
import type { Cache } from './cache.ts';
import { redisFailure } from './redis-failure.ts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    kgIncrBy(key: string, n: number, ttlMs: number): Result<number, Context>;
  }
}

// INCRBY keeps an existing expiry, so the script only sets one when asked to.
const incrByScript = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

export interface RedisCacheOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
}

export class RedisCache implements Cache {
  readonly #redis: Redis;
  readonly #keyPrefix: string;

  constructor(options: RedisCacheOptions) {
    this.#redis = options.redis;
    this.#keyPrefix = `${options.keyPrefix}:cache:`;
    this.#redis.defineCommand('kgIncrBy', { numberOfKeys: 1, lua: incrByScript });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.#call(() => this.#redis.get(this.#keyPrefix + key));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.#call(() => this.#redis.mget(keys.map((key) => this.#keyPrefix + key)));
    return values.map((json) => (json === null ? undefined : (JSON.parse(json) as T)));
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#call(() =>
      this.#redis.set(this.#keyPrefix + key, JSON.stringify(value), 'PX', wholeMs(ttlMs)),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#call(() => this.#redis.del(this.#keyPrefix + key));
  }

  incrBy(key: string, n: number, ttlMs?: number): Promise<number> {
    return this.#call(() =>
      this.#redis.kgIncrBy(this.#keyPrefix + key, n, ttlMs === undefined ? 0 : wholeMs(ttlMs)),
    );
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw redisFailure(error);
    }
  }
}

/** Redis rejects fractional and zero expiries. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
