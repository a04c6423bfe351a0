export type { Cache } from './cache.ts';
export { createPlatform, type Platform, type PlatformOptions } from './create-platform.ts';
export type { ErrorReporter } from './error-reporter.ts';
export type {
  EnqueueOptions,
  FailedJob,
  Job,
  JobHandler,
  JobQueue,
  JobSchedule,
  QueueCounts,
} from './job-queue.ts';
export type {
  AdmitDecision,
  BudgetCharge,
  LimitCheck,
  LimitCounters,
  LimitProbe,
  SlotClaim,
} from './limit-counters.ts';
export { LocalFallbackCache, type LocalFallbackCacheOptions } from './local-fallback-cache.ts';
export type { Lock, Locker, LockOptions } from './locker.ts';
export { MemoryCache } from './memory-cache.ts';
export { MemoryLimitCounters } from './memory-limit-counters.ts';
export type { MessageHandler, PubSub } from './pub-sub.ts';
export type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';
