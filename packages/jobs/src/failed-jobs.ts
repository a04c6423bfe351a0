import type { FailedJob, JobQueue, QueueCounts } from '@kirogate/platform';
import { type QueueName, queueNames } from './catalog.ts';

/**
 * The most recently failed jobs of every worker queue (newest first), for the admin API. Failed jobs
 * carry their payload and error message; neither holds a secret (usage events name keys and
 * credentials by id only).
 */
export async function failedJobs(jobQueue: JobQueue, limit = 50): Promise<Record<QueueName, FailedJob[]>> {
  const entries = await Promise.all(
    Object.values(queueNames).map(async (queue) => [queue, await jobQueue.failed(queue, limit)] as const),
  );
  return Object.fromEntries(entries) as Record<QueueName, FailedJob[]>;
}

/** Jobs per state in every worker queue, for the admin API. */
export async function queueCounts(jobQueue: JobQueue): Promise<Record<QueueName, QueueCounts>> {
  const entries = await Promise.all(
    Object.values(queueNames).map(async (queue) => [queue, await jobQueue.counts(queue)] as const),
  );
  return Object.fromEntries(entries) as Record<QueueName, QueueCounts>;
}
