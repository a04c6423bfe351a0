import { randomUUID } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { ErrorReporter } from './error-reporter.ts';
import type {
  AdmitDecision,
  BudgetCharge,
  LimitCheck,
  LimitCounters,
  LimitProbe,
  SlotClaim,
} from './limit-counters.ts';
import { MemoryLimitCounters } from './memory-limit-counters.ts';
import { redisFailure } from './redis-failure.ts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    kgLimitAdmit(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<number[], Context>;
    kgLimitRead(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<string[], Context>;
  }
}

// Every check first, then every write, in one script: two replicas can never both take the last slot.
// Rate and slot keys are ZSETs (hit time / slot expiry as score), budgets INCRBYFLOAT strings. Redis's
// own clock, so replicas with skewed clocks agree. ARGV: slot id, slot ttl, hit member, then per key
// its kind, limit and window.
const admitScript = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local slot, ttl, member = ARGV[1], tonumber(ARGV[2]), ARGV[3]
for i, key in ipairs(KEYS) do
  local base = 1 + i * 3
  local kind, limit, window = ARGV[base], tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
  if kind == 'rate' then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    if redis.call('ZCARD', key) >= limit then
      local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
      local wait = window
      if oldest[2] then wait = tonumber(oldest[2]) + window - now end
      return {0, i - 1, math.max(1, wait)}
    end
  elseif kind == 'slots' then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    if redis.call('ZCARD', key) >= limit then return {0, i - 1, 0} end
  else
    if (tonumber(redis.call('GET', key)) or 0) >= limit then return {0, i - 1, 0} end
  end
end
for i, key in ipairs(KEYS) do
  local base = 1 + i * 3
  local kind, window = ARGV[base], tonumber(ARGV[base + 2])
  if kind == 'rate' then
    redis.call('ZADD', key, now, member .. ':' .. i)
    redis.call('PEXPIRE', key, window)
  elseif kind == 'slots' then
    redis.call('ZADD', key, now + ttl, slot)
    redis.call('PEXPIRE', key, ttl)
  end
end
return {1, -1, 0}`;

// ARGV: per key its kind and window. Budgets answer as strings (they are floats).
const readScript = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local out = {}
for i, key in ipairs(KEYS) do
  local kind, window = ARGV[i * 2 - 1], tonumber(ARGV[i * 2])
  if kind == 'rate' then
    out[i] = tostring(redis.call('ZCOUNT', key, now - window + 1, '+inf'))
  elseif kind == 'slots' then
    out[i] = tostring(redis.call('ZCOUNT', key, now + 1, '+inf'))
  else
    out[i] = redis.call('GET', key) or '0'
  end
end
return out`;

const defaultFallbackMs = 1000;

export interface RedisLimitCountersOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly onError: ErrorReporter;
  /**
   * Replicas sharing each limit. While Redis fails, each replica enforces rate and concurrency limits
   * of `limit / expectedInstances` (at least 1) on its own counters: an outage neither fails requests
   * nor multiplies those limits. Budgets are counted locally from zero then (they fail open).
   */
  readonly expectedInstances: number;
  /** After a Redis failure, how long to stay on local counters before trying Redis again. */
  readonly fallbackMs?: number;
}

/** Limit counters in Redis: one Lua script per admission; fails open to capped local counters. */
export class RedisLimitCounters implements LimitCounters {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #onError: ErrorReporter;
  readonly #expectedInstances: number;
  readonly #fallbackMs: number;
  readonly #local = new MemoryLimitCounters();
  /** Slots taken on the local counters during an outage: renewed and released there. */
  readonly #localSlots = new Set<string>();
  readonly #memberPrefix = randomUUID();
  #sequence = 0;
  #redisDownUntil = 0;

  constructor(options: RedisLimitCountersOptions) {
    this.#redis = options.redis;
    this.#keyPrefix = `${options.keyPrefix}:lim:`;
    this.#onError = options.onError;
    this.#expectedInstances = options.expectedInstances;
    this.#fallbackMs = options.fallbackMs ?? defaultFallbackMs;
    this.#redis.defineCommand('kgLimitAdmit', { lua: admitScript });
    this.#redis.defineCommand('kgLimitRead', { lua: readScript });
  }

  async admit(checks: readonly LimitCheck[], slot: SlotClaim): Promise<AdmitDecision> {
    if (checks.length === 0) return { allowed: true };
    if (this.#down()) return this.#admitLocally(checks, slot);
    this.#sequence += 1;
    const args: (string | number)[] = [slot.id, slot.ttlMs, `${this.#memberPrefix}:${this.#sequence}`];
    for (const check of checks) {
      args.push(check.kind, check.limit, check.kind === 'rate' ? check.windowMs : 0);
    }
    try {
      const [allowed = 0, refused = 0, retryAfterMs = 0] = await this.#redis.kgLimitAdmit(
        checks.length,
        ...checks.map((check) => this.#keyPrefix + check.key),
        ...args,
      );
      return allowed === 1 ? { allowed: true } : { allowed: false, refused, retryAfterMs };
    } catch (error) {
      this.#failed(error, 'limits fall back to local counters');
      return this.#admitLocally(checks, slot);
    }
  }

  async renew(slotKeys: readonly string[], slot: SlotClaim): Promise<void> {
    if (this.#localSlots.has(slot.id)) return this.#local.renew(slotKeys, slot);
    if (slotKeys.length === 0 || this.#down()) return;
    try {
      const multi = this.#redis.multi();
      for (const key of slotKeys) {
        // XX: only a slot still held is extended; one that expired meanwhile is not revived. This
        // replica's clock, against Redis's at admission: skew of seconds is small beside the ttl.
        multi.zadd(this.#keyPrefix + key, 'XX', Date.now() + slot.ttlMs, slot.id);
        multi.pexpire(this.#keyPrefix + key, slot.ttlMs);
      }
      await multi.exec();
    } catch (error) {
      this.#failed(error, 'a concurrency slot was not renewed');
    }
  }

  async release(slotKeys: readonly string[], slotId: string): Promise<void> {
    if (this.#localSlots.delete(slotId)) return this.#local.release(slotKeys, slotId);
    if (slotKeys.length === 0) return;
    try {
      const multi = this.#redis.multi();
      for (const key of slotKeys) multi.zrem(this.#keyPrefix + key, slotId);
      await multi.exec();
    } catch (error) {
      // The slot frees itself when its ttl runs out.
      this.#failed(error, 'a concurrency slot was not released; it expires on its own');
    }
  }

  async charge(charges: readonly BudgetCharge[]): Promise<void> {
    const due = charges.filter((charge) => charge.amount > 0);
    if (due.length === 0) return;
    await this.#local.charge(due);
    try {
      const multi = this.#redis.multi();
      for (const { key, amount, expiresAtMs } of due) {
        multi.incrbyfloat(this.#keyPrefix + key, amount);
        multi.pexpireat(this.#keyPrefix + key, expiresAtMs);
      }
      await multi.exec();
    } catch (error) {
      this.#failed(error, 'a budget charge was counted locally only');
    }
  }

  async read(probes: readonly LimitProbe[]): Promise<number[]> {
    if (probes.length === 0) return [];
    const args: (string | number)[] = [];
    for (const probe of probes) args.push(probe.kind, probe.kind === 'rate' ? probe.windowMs : 0);
    try {
      const reply = await this.#redis.kgLimitRead(
        probes.length,
        ...probes.map((probe) => this.#keyPrefix + probe.key),
        ...args,
      );
      return reply.map((value) => Number(value));
    } catch (error) {
      throw redisFailure(error);
    }
  }

  #down(): boolean {
    return Date.now() < this.#redisDownUntil;
  }

  #failed(error: unknown, context: string): void {
    const failure = redisFailure(error);
    if (failure.code !== 'DEPENDENCY_UNAVAILABLE') throw failure;
    this.#redisDownUntil = Date.now() + this.#fallbackMs;
    this.#onError(failure, context);
  }

  async #admitLocally(checks: readonly LimitCheck[], slot: SlotClaim): Promise<AdmitDecision> {
    const shared = checks.map((check) =>
      check.kind === 'budget'
        ? check
        : { ...check, limit: Math.max(1, Math.floor(check.limit / this.#expectedInstances)) },
    );
    const decision = await this.#local.admit(shared, slot);
    if (decision.allowed && checks.some((check) => check.kind === 'slots')) this.#localSlots.add(slot.id);
    return decision;
  }
}
