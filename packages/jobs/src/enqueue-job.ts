import type { JobQueue } from '@kirogate/platform';
import { type JobInput, type JobKind, jobCatalog } from './catalog.ts';
import { withJobTrace } from './job-trace.ts';

export interface EnqueueJobOptions {
  /** Makes the enqueue idempotent (no `:`; not an integer). */
  readonly jobId?: string;
  readonly delayMs?: number;
}

/**
 * Validates `data` against the catalog schema (throws a ZodError before anything is enqueued), then
 * enqueues it on the kind's queue with the kind's retry options, with the active trace context and
 * request id (the processor's span continues the trace). Returns the job id.
 */
export async function enqueueJob<K extends JobKind>(
  queue: JobQueue,
  kind: K,
  data: JobInput<K>,
  options: EnqueueJobOptions = {},
): Promise<string> {
  const entry = jobCatalog[kind];
  const parsed: unknown = entry.schema.parse(data);
  return queue.enqueue(entry.queue, entry.name, withJobTrace(parsed), {
    attempts: entry.options.attempts,
    backoffMs: entry.options.backoffMs,
    ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
  });
}
