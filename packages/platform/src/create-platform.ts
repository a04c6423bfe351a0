import { BullmqJobQueue } from './bullmq-job-queue.ts';
import type { Cache } from './cache.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { JobQueue } from './job-queue.ts';
import type { LimitCounters } from './limit-counters.ts';
import type { Locker } from './locker.ts';
import { MemoryCache } from './memory-cache.ts';
import { MemoryJobQueue } from './memory-job-queue.ts';
import { MemoryLimitCounters } from './memory-limit-counters.ts';
import { MemoryLocker } from './memory-locker.ts';
import { MemoryPubSub } from './memory-pub-sub.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import type { PubSub } from './pub-sub.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { RedisCache } from './redis-cache.ts';
import { closeRedis, requestPathRedis, subscriberRedis, workerRedis } from './redis-connections.ts';
import { redisFailure } from './redis-failure.ts';
import { RedisLimitCounters } from './redis-limit-counters.ts';
import { RedisLocker } from './redis-locker.ts';
import { RedisPubSub } from './redis-pub-sub.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

export interface PlatformOptions {
  /** Shared state in Redis when set; in-process state (standalone, one replica) when not. */
  readonly redisUrl?: string;
  /** Namespace of every key, channel and queue; replicas of one deployment share it. */
  readonly keyPrefix: string;
  /** Bound on each request-path Redis command; default 100 ms. */
  readonly commandTimeoutMs?: number;
  /** Replicas sharing rate and concurrency limits, for the fallback while Redis is down; default 1. */
  readonly expectedInstances?: number;
  /** Entries kept by the in-process cache; default 10,000. */
  readonly cacheMaxEntries?: number;
  /** Entries kept by the in-process visitor cache; default 10,000. */
  readonly visitorCacheMaxEntries?: number;
  /** Background failures (lock renewal, handlers, reconnects); ignored by default. */
  readonly onError?: ErrorReporter;
}

export interface Platform {
  readonly kind: 'redis' | 'memory';
  readonly locker: Locker;
  /** Service state: access tokens, leases, health, site state. Nothing a visitor does adds to it. */
  readonly cache: Cache;
  /**
   * Per-visitor entries (OAuth state, session affinity): anyone can add them, so in-process they get
   * an LRU of their own and a flood of them evicts only their own kind. In Redis both are one keyspace
   * bounded by TTLs.
   */
  readonly visitorCache: Cache;
  readonly rateLimiter: RateLimiter;
  /** Per-user and per-key limits and budgets (requests, concurrency, credits, tokens). */
  readonly limitCounters: LimitCounters;
  readonly pubsub: PubSub;
  readonly jobQueue: JobQueue;
  /** Resolves when the shared store answers; rejects with DEPENDENCY_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Closes the job queue gracefully (running jobs finish), then every connection. */
  close(): Promise<void>;
}

const defaultCommandTimeoutMs = 100;

export function createPlatform(options: PlatformOptions): Platform {
  const onError = options.onError ?? (() => undefined);
  return options.redisUrl === undefined
    ? memoryPlatform(options, onError)
    : redisPlatform(options.redisUrl, options, onError);
}

function memoryPlatform(options: PlatformOptions, onError: ErrorReporter): Platform {
  const jobQueue = new MemoryJobQueue({ onError });
  return {
    kind: 'memory',
    locker: new MemoryLocker(),
    cache: new MemoryCache({ maxEntries: options.cacheMaxEntries }),
    visitorCache: new MemoryCache({ maxEntries: options.visitorCacheMaxEntries }),
    rateLimiter: new MemoryRateLimiter(),
    limitCounters: new MemoryLimitCounters(),
    pubsub: new MemoryPubSub({ onError }),
    jobQueue,
    ping: async () => undefined,
    close: () => jobQueue.close(),
  };
}

function redisPlatform(url: string, options: PlatformOptions, onError: ErrorReporter): Platform {
  const { keyPrefix } = options;
  const redis = requestPathRedis(url, {
    commandTimeoutMs: options.commandTimeoutMs ?? defaultCommandTimeoutMs,
  });
  const subscriber = subscriberRedis(url);
  const workers = workerRedis(url);
  for (const [client, role] of [
    [redis, 'request-path'],
    [subscriber, 'subscriber'],
  ] as const) {
    client.on('error', (error) => onError(redisFailure(error), `Redis ${role} connection`));
  }
  const jobQueue = new BullmqJobQueue({
    connection: redis,
    workerConnection: workers,
    prefix: `${keyPrefix}:bull`,
    onError,
  });
  const cache = new RedisCache({ redis, keyPrefix });
  return {
    kind: 'redis',
    locker: new RedisLocker({ redis, keyPrefix, onError }),
    cache,
    visitorCache: cache,
    rateLimiter: new RedisRateLimiter({
      redis,
      keyPrefix,
      onError,
      expectedInstances: options.expectedInstances ?? 1,
    }),
    limitCounters: new RedisLimitCounters({
      redis,
      keyPrefix,
      onError,
      expectedInstances: options.expectedInstances ?? 1,
    }),
    pubsub: new RedisPubSub({ publisher: redis, subscriber, keyPrefix, onError }),
    jobQueue,
    async ping() {
      try {
        await redis.ping();
      } catch (error) {
        throw redisFailure(error);
      }
    },
    async close() {
      await jobQueue.close();
      await Promise.all([redis, subscriber, workers].map(closeRedis));
    },
  };
}
