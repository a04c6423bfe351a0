import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '@kirogate/db';
import {
  enqueueJob,
  failedJobs,
  jobCatalog,
  jobTrace,
  kindByName,
  type ParsedJob,
  parseJob,
  type QueueName,
  queueCounts,
  queueNames,
  scheduleJob,
  type UsageEvent,
  unscheduleJob,
} from '@kirogate/jobs';
import { type Logger, type Metrics, runWithTraceCarrier } from '@kirogate/observability';
import type { FailedJob, Job, JobQueue, QueueCounts } from '@kirogate/platform';
import { compactError } from './compact-error.ts';
import type { WorkerSettings } from './config.ts';
import { checkCredential } from './health/check-credential.ts';
import type { CredentialChecker } from './health/credential-checker.ts';
import { sweepCredentials } from './health/sweep-credentials.ts';
import { deleteOldUsage } from './maintenance/delete-old-usage.ts';
import { deleteOrphanUsageCounters } from './maintenance/delete-orphan-usage-counters.ts';
import { bucketStart, recentBuckets } from './rollups/rollup-grain.ts';
import { runRollup } from './rollups/run-rollup.ts';
import { UsageIngestor } from './usage/usage-ingestor.ts';
import type { UsageBatchResult } from './usage/write-usage-batch.ts';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics.ts';

export interface WorkerDeps {
  /** The caller owns the platform and closes it (after `stop()`). */
  readonly platform: { readonly jobQueue: JobQueue; readonly kind: 'redis' | 'memory' };
  readonly db: Db;
  /** Health checks run only with it (token-broker in process, or its gRPC client). */
  readonly credentialAdmin?: CredentialChecker;
  /** The model list refresh runs only with it. */
  readonly refreshModels?: () => Promise<void>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly config: WorkerSettings;
  readonly now?: () => Date;
}

export interface RunningWorker {
  /**
   * Writes the waiting usage batch at once and makes later usage jobs commit without waiting for a
   * batch. Call it before closing the platform: JobQueue.close() then finds the running jobs finishing.
   * On the in-process queue, which does not survive a restart, it first lets the usage jobs already
   * waiting run (for at most `drainTimeoutMs`, default 10 s); in Redis they wait for the next worker.
   */
  stop(options?: { readonly drainTimeoutMs?: number }): Promise<void>;
  failedJobs(limit?: number): Promise<Record<QueueName, FailedJob[]>>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
}

/** How often the current and the previous hour are recomputed; days are recomputed hourly. */
const hourlyRollupEveryMs = 5 * 60_000;
const dailyRollupEveryMs = 60 * 60_000;
const retentionEveryMs = 6 * 60 * 60_000;

/**
 * Starts consuming the worker queues and creates the job schedules. Processors are plain functions of
 * (parsed data, dependencies); this is where they meet the queue. The same function serves the scaled
 * worker (`main.ts`) and standalone (`startWorkerInProcess`).
 */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { db, logger, config } = deps;
  const jobQueue = deps.platform.jobQueue;
  const now = deps.now ?? (() => new Date());
  const metrics = createWorkerMetrics(deps.metrics, jobQueue);

  const ingestor = new UsageIngestor({
    db,
    batchSize: config.USAGE_BATCH_SIZE,
    batchWaitMs: config.USAGE_BATCH_WAIT_MS,
    afterCommit: (result) => rollUpLateEvents(jobQueue, result, now(), config.USAGE_LATE_ROLLUP_DELAY_MS),
    onWrite: ({ items, seconds, ok }) => {
      metrics.usageBatches.observe({ outcome: ok ? 'ok' : 'error' }, seconds);
      if (ok) metrics.usageBatchSize.observe({}, items);
    },
    onInserted: (inserted, received) => {
      metrics.usageEvents.inc({ result: 'inserted' }, inserted);
      if (received > inserted) metrics.usageEvents.inc({ result: 'duplicate' }, received - inserted);
    },
    onError: (error, context) => logger.warn({ err: error, context }, 'usage ingestion problem'),
  });

  await jobQueue.process(
    queueNames.usage,
    instrument(queueNames.usage, metrics, logger, async (job) => {
      if (job.kind === 'usage') return ingestor.ingest(job.data);
      await ingestAll(ingestor, job.data.events);
    }),
    { concurrency: config.USAGE_CONCURRENCY },
  );

  const rollupDeps = { db, retentionDays: config.USAGE_RETENTION_DAYS, now };
  await jobQueue.process(
    queueNames.maintenance,
    instrument(queueNames.maintenance, metrics, logger, async (job) => {
      switch (job.kind) {
        case 'rollupHourly':
          await runRollup('hour', job.data, rollupDeps);
          return;
        case 'rollupDaily':
          await runRollup('day', job.data, rollupDeps);
          return;
        case 'usageRetention': {
          const deleted = await deleteOldUsage(db, {
            retentionDays: job.data.retentionDays ?? config.USAGE_RETENTION_DAYS,
            batchSize: config.USAGE_RETENTION_BATCH,
            now: now(),
          });
          if (deleted > 0) logger.info({ deleted }, 'usage events past retention deleted');
          const orphans = await deleteOrphanUsageCounters(db);
          if (orphans > 0) logger.info({ orphans }, 'usage counters of deleted keys and credentials deleted');
          return;
        }
        case 'modelsRefresh':
          if (!deps.refreshModels) throw new Error('This worker has no model list to refresh');
          await deps.refreshModels();
          return;
        case 'secretsReencrypt':
          // token-broker, the owner of `credentials`, re-seals secrets now; a job left by an earlier
          // version is dropped (its schedule is removed below).
          return;
        default:
          job satisfies never;
      }
    }),
    { concurrency: 1 },
  );
  await scheduleJob(jobQueue, 'rollupHourly', { everyMs: hourlyRollupEveryMs }, {});
  await scheduleJob(jobQueue, 'rollupDaily', { everyMs: dailyRollupEveryMs }, {});
  await scheduleJob(jobQueue, 'usageRetention', { everyMs: retentionEveryMs }, {});
  if (deps.refreshModels) {
    await scheduleJob(jobQueue, 'modelsRefresh', { everyMs: config.MODEL_CACHE_TTL }, {});
  }
  await unscheduleJob(jobQueue, 'secretsReencrypt');

  const credentialAdmin = deps.credentialAdmin;
  if (credentialAdmin) {
    const healthDeps = {
      credentialAdmin,
      jobQueue,
      recheckBaseDelayMs: config.TOKEN_RECHECK_BASE_DELAY,
      sweepIntervalMs: config.TOKEN_HEALTH_CHECK_INTERVAL,
      spacingMs: config.CHECK_SPACING_MS,
      now,
    };
    await jobQueue.process(
      queueNames.credentials,
      instrument(queueNames.credentials, metrics, logger, async (job) => {
        switch (job.kind) {
          case 'credentialSweep': {
            const enqueued = await sweepCredentials(healthDeps, job);
            logger.info({ checks: enqueued }, 'credential health sweep enqueued');
            return;
          }
          case 'credentialCheck': {
            const result = await checkCredential(job.data, healthDeps, job);
            if (result) {
              metrics.credentialChecks.inc({ status: result.status });
              if (result.status !== 'active') {
                logger.info(
                  { credentialId: result.credentialId, status: result.status, reason: result.reason },
                  'credential check failed',
                );
              }
            }
            return;
          }
          default:
            job satisfies never;
        }
      }),
      { concurrency: config.CHECK_CONCURRENCY },
    );
    await scheduleJob(jobQueue, 'credentialSweep', { everyMs: config.TOKEN_HEALTH_CHECK_INTERVAL }, {});
  } else {
    logger.warn('no credential admin: credential health checks are off in this worker');
  }

  return {
    async stop(options = {}) {
      await ingestor.close();
      if (deps.platform.kind === 'memory') {
        await drainUsage(jobQueue, options.drainTimeoutMs ?? defaultDrainTimeoutMs);
      }
    },
    failedJobs: (limit) => failedJobs(jobQueue, limit),
    counts: () => queueCounts(jobQueue),
  };
}

const defaultDrainTimeoutMs = 10_000;
const lateRollupMarginMs = 5_000;

async function drainUsage(jobQueue: JobQueue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await jobQueue.counts(queueNames.usage);
    if (counts.waiting + counts.active === 0) return;
    await delay(20);
  }
}

/** The same entry point, named for standalone's wiring. */
export const startWorkerInProcess = startWorker;

/**
 * A `usage.batch` job is done when every one of its events is committed. An event the database
 * refuses fails the job after the others are in, so its retry inserts nothing twice (events are
 * idempotent on their request id) and the refused one ends in the failed list with its batch.
 */
async function ingestAll(ingestor: UsageIngestor, events: readonly UsageEvent[]): Promise<void> {
  const outcomes = await Promise.allSettled(events.map((event) => ingestor.ingest(event)));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

function instrument<Q extends QueueName>(
  queue: Q,
  metrics: WorkerMetrics,
  logger: Logger,
  run: (job: ParsedJob<Q>) => Promise<void>,
): (job: Job) => Promise<void> {
  return async (job) => {
    const kind = kindByName(job.name) ?? 'unknown';
    const stop = metrics.jobDuration.startTimer({ queue, kind });
    try {
      // The enqueuer's trace continues in this job's span; its request id is the job's log context.
      await runWithTraceCarrier(
        jobTrace(job.data),
        {
          name: `job ${queue} ${kind}`,
          kind: 'consumer',
          attributes: { 'messaging.destination.name': queue },
        },
        () => run(parseJob(queue, job)),
      );
      metrics.jobs.inc({ queue, kind, outcome: 'completed' });
    } catch (caught) {
      const error = compactError(caught);
      const attempts = kind === 'unknown' ? 1 : jobCatalog[kind].options.attempts;
      const outcome = job.attempt >= attempts ? 'failed' : 'retried';
      metrics.jobs.inc({ queue, kind, outcome });
      // A failed usage batch is logged once by the ingestor, not once per event.
      if (queue !== queueNames.usage) {
        logger.warn({ err: error, queue, kind, jobId: job.id, attempt: job.attempt, outcome }, 'job failed');
      }
      throw error;
    } finally {
      stop();
    }
  };
}

/**
 * Scheduled roll-ups cover the current and the previous bucket; events committed for older hours (a
 * backlog, a restored queue) get their hour and day recomputed. Time is cut into windows of the
 * configured delay; the recompute of a bucket is named after its window and runs after the window has
 * ended, so every batch committed during the window is covered by the one job its enqueue deduped to.
 * The margin allows for clock differences between replicas.
 */
async function rollUpLateEvents(
  jobQueue: JobQueue,
  result: UsageBatchResult,
  now: Date,
  configuredDelayMs: number,
): Promise<void> {
  const [oldestScheduledHour] = recentBuckets('hour', now);
  const [oldestScheduledDay] = recentBuckets('day', now);
  const windowMs = Math.max(configuredDelayMs, 1_000);
  const window = Math.floor(now.getTime() / windowMs);
  const delayMs = (window + 1) * windowMs - now.getTime() + Math.min(windowMs, lateRollupMarginMs);
  const days = new Set<number>();
  for (const hour of result.hours) {
    if (oldestScheduledHour && hour < oldestScheduledHour) {
      await enqueueJob(
        jobQueue,
        'rollupHourly',
        { bucket: hour.toISOString() },
        { jobId: `late-hour-${hour.getTime()}-${window}`, delayMs },
      );
    }
    const day = bucketStart('day', hour);
    if (oldestScheduledDay && day < oldestScheduledDay) days.add(day.getTime());
  }
  for (const day of days) {
    await enqueueJob(
      jobQueue,
      'rollupDaily',
      { bucket: new Date(day).toISOString() },
      { jobId: `late-day-${day}-${window}`, delayMs },
    );
  }
}
