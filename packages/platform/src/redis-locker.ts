import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis, Result } from 'ioredis';
import type { ErrorReporter } from './error-reporter.ts';
import { lockLost, lockTimeout } from './lock-timeout.ts';
import type { Lock, Locker, LockOptions } from './locker.ts';
import { redisFailure } from './redis-failure.ts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    kgLockRelease(key: string, token: string): Result<number, Context>;
    kgLockExtend(key: string, token: string, ttlMs: number): Result<number, Context>;
  }
}

const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const extendScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const defaultRetryDelayMs = 50;

export interface RedisLockerOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly onError: ErrorReporter;
}

/**
 * `SET NX PX` locks with a random token per holder; release and renewal compare the token in Lua so a
 * holder never touches a lock that expired and went to someone else.
 */
export class RedisLocker implements Locker {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #onError: ErrorReporter;

  constructor(options: RedisLockerOptions) {
    this.#redis = options.redis;
    this.#keyPrefix = `${options.keyPrefix}:lock:`;
    this.#onError = options.onError;
    this.#redis.defineCommand('kgLockRelease', { numberOfKeys: 1, lua: releaseScript });
    this.#redis.defineCommand('kgLockExtend', { numberOfKeys: 1, lua: extendScript });
  }

  async acquire(name: string, options: LockOptions): Promise<Lock> {
    const deadline = Date.now() + options.waitMs;
    const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    // One token across attempts: an attempt that timed out client-side but succeeded is recognised.
    const token = randomUUID();
    for (;;) {
      let failure: Error | undefined;
      try {
        const lock = await this.#attempt(name, token, options.ttlMs);
        if (lock) return lock;
      } catch (error) {
        failure = redisFailure(error);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw failure ?? lockTimeout(name, options.waitMs);
      await sleep(Math.min(remaining, retryDelayMs * (0.5 + Math.random())));
    }
  }

  async tryAcquire(name: string, options: Pick<LockOptions, 'ttlMs'>): Promise<Lock | undefined> {
    try {
      return await this.#attempt(name, randomUUID(), options.ttlMs);
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async withLock<T>(name: string, options: LockOptions, fn: (lock: Lock) => Promise<T>): Promise<T> {
    const lock = await this.acquire(name, options);
    try {
      return await fn(lock);
    } finally {
      await lock.release();
    }
  }

  async #attempt(name: string, token: string, ttlMs: number): Promise<Lock | undefined> {
    const key = this.#keyPrefix + name;
    const sentAt = Date.now();
    const previous = await this.#redis.set(key, token, 'PX', ttlMs, 'NX', 'GET');
    if (previous !== null && previous !== token) return undefined;
    const lock = new RedisLock({
      redis: this.#redis,
      onError: this.#onError,
      name,
      key,
      token,
      ttlMs,
      sentAt,
    });
    if (previous === token) await lock.extend(ttlMs);
    return lock;
  }
}

interface RedisLockState {
  readonly redis: Redis;
  readonly onError: ErrorReporter;
  readonly name: string;
  readonly key: string;
  readonly token: string;
  readonly ttlMs: number;
  readonly sentAt: number;
}

/** A held lock that renews itself every third of its ttl until released or lost. */
class RedisLock implements Lock {
  readonly name: string;
  readonly #state: RedisLockState;
  readonly #lost = new AbortController();
  #ttlMs: number;
  /** The latest moment we know the key still carries our token: last confirmed renewal + ttl. */
  #validUntil: number;
  #timer: NodeJS.Timeout | undefined;
  #done = false;

  constructor(state: RedisLockState) {
    this.name = state.name;
    this.#state = state;
    this.#ttlMs = state.ttlMs;
    this.#validUntil = state.sentAt + state.ttlMs;
    this.#scheduleRenewal();
  }

  get signal(): AbortSignal {
    return this.#lost.signal;
  }

  async extend(ms: number): Promise<void> {
    if (this.#done) throw lockLost(this.name);
    this.#ttlMs = ms;
    const sentAt = Date.now();
    let held: number;
    try {
      held = await this.#state.redis.kgLockExtend(this.#state.key, this.#state.token, ms);
    } catch (error) {
      throw redisFailure(error);
    }
    if (held !== 1) {
      this.#lose();
      throw lockLost(this.name);
    }
    this.#validUntil = sentAt + ms;
    this.#scheduleRenewal();
  }

  async release(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    try {
      await this.#state.redis.kgLockRelease(this.#state.key, this.#state.token);
    } catch (error) {
      // The key expires on its own within ttl; failing the caller's finally block would help nobody.
      this.#state.onError(redisFailure(error), `releasing lock "${this.name}"`);
    }
  }

  #scheduleRenewal(): void {
    clearTimeout(this.#timer);
    if (this.#done) return;
    const delay = Math.max(0, Math.min(this.#ttlMs / 3, this.#validUntil - Date.now()));
    this.#timer = setTimeout(() => void this.#renew(), delay).unref();
  }

  async #renew(): Promise<void> {
    if (this.#done) return;
    if (Date.now() >= this.#validUntil) {
      this.#lose();
      return;
    }
    try {
      await this.extend(this.#ttlMs);
    } catch (error) {
      if (this.#done) return;
      this.#state.onError(error, `renewing lock "${this.name}"`);
      this.#scheduleRenewal();
    }
  }

  #lose(): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#lost.abort(lockLost(this.name));
  }
}
