import { type QueueName, queueNames } from '@kirogate/jobs';
import type { Metrics } from '@kirogate/observability';
import type { JobQueue } from '@kirogate/platform';

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

const states = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Queue depth (read from the queue on every scrape), job outcomes and durations, usage batches. */
export function createWorkerMetrics(metrics: Metrics, jobQueue: JobQueue) {
  metrics.gauge<'queue' | 'state'>({
    name: 'worker_queue_jobs',
    help: 'Jobs per queue and state, read on scrape',
    labelNames: ['queue', 'state'],
    collect: async (gauge) => {
      await Promise.all(
        Object.values(queueNames).map(async (queue: QueueName) => {
          const counts = await jobQueue.counts(queue).catch(() => undefined);
          if (counts) for (const state of states) gauge.set({ queue, state }, counts[state]);
        }),
      );
    },
  });
  return {
    jobs: metrics.counter<'queue' | 'kind' | 'outcome'>({
      name: 'worker_jobs_total',
      help: 'Jobs run, by outcome: completed, retried (a retry follows) or failed (no attempt left)',
      labelNames: ['queue', 'kind', 'outcome'],
    }),
    jobDuration: metrics.histogram<'queue' | 'kind'>({
      name: 'worker_job_duration_seconds',
      help: 'Time a job ran, for usage jobs including the wait for their batch',
      labelNames: ['queue', 'kind'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    usageBatches: metrics.histogram<'outcome'>({
      name: 'worker_usage_batch_seconds',
      help: 'Time to write one usage batch',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    usageBatchSize: metrics.histogram({
      name: 'worker_usage_batch_events',
      help: 'Events per usage batch written',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500],
    }),
    usageEvents: metrics.counter<'result'>({
      name: 'worker_usage_events_total',
      help: 'Usage events committed: inserted, or duplicate (already stored, redelivered)',
      labelNames: ['result'],
    }),
    credentialChecks: metrics.counter<'status'>({
      name: 'worker_credential_checks_total',
      help: 'Credential health checks by resulting status',
      labelNames: ['status'],
    }),
  };
}
