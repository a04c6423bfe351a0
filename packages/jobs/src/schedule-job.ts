import type { JobQueue, JobSchedule } from '@kirogate/platform';
import { type JobInput, type JobKind, jobCatalog } from './catalog.ts';

/**
 * Creates or replaces the schedule of `kind` (one per kind: the schedule is named after the job), with
 * data validated like `enqueueJob`'s.
 */
export async function scheduleJob<K extends JobKind>(
  queue: JobQueue,
  kind: K,
  schedule: JobSchedule,
  data: JobInput<K>,
): Promise<void> {
  const entry = jobCatalog[kind];
  await queue.schedule(entry.queue, entry.name, schedule, entry.schema.parse(data));
}

export function unscheduleJob(queue: JobQueue, kind: JobKind): Promise<void> {
  const entry = jobCatalog[kind];
  return queue.unschedule(entry.queue, entry.name);
}
