import { AppError } from '@kirogate/errors';

export interface EnqueueOptions {
  /** Makes the enqueue idempotent: a job with this id that is pending, running or retained wins. */
  readonly jobId?: string;
  readonly delayMs?: number;
  /** Total runs including the first; defaults to 1. */
  readonly attempts?: number;
  /** Pause before retry n is `backoffMs * 2^(n-1)`. */
  readonly backoffMs?: number;
}

export interface Job {
  readonly id: string;
  readonly name: string;
  /** The enqueued value after a JSON round trip; validate it, the queue does not. */
  readonly data: unknown;
  /** 1 on the first run, 2 on the first retry… */
  readonly attempt: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export type JobSchedule = { readonly everyMs: number } | { readonly cron: string };

export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly completed: number;
  readonly failed: number;
}

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  readonly attempts: number;
  readonly error: string;
}

/**
 * Durable background jobs. Finished jobs are retained (the last 1,000 completed and 5,000 failed per
 * queue) and a retained job's id still dedupes; idempotency beyond that belongs to the consumer.
 */
export interface JobQueue {
  /** Returns the job's id (the existing one when `jobId` deduped it). */
  enqueue(queue: string, name: string, data: unknown, options?: EnqueueOptions): Promise<string>;
  /** Starts consuming `queue`; one handler per queue per JobQueue. Resolves once it is running. */
  process(queue: string, handler: JobHandler, options: { readonly concurrency: number }): Promise<void>;
  /**
   * Creates or replaces the schedule called `name`: a job `name` with `data` every `everyMs` (the
   * first one at once) or at each `cron` time (six fields allowed for seconds). At most one run of a
   * schedule waits at a time, so a stopped consumer does not pile them up.
   */
  schedule(queue: string, name: string, schedule: JobSchedule, data: unknown): Promise<void>;
  unschedule(queue: string, name: string): Promise<void>;
  counts(queue: string): Promise<QueueCounts>;
  /** The most recently failed jobs first. */
  failed(queue: string, limit: number): Promise<FailedJob[]>;
  /** Stops taking jobs, waits for the running ones to finish, then lets go of everything. */
  close(): Promise<void>;
}

export const retainedCompletedJobs = 1000;
export const retainedFailedJobs = 5000;

/** BullMQ's rule, kept for both implementations so a job id means the same everywhere. */
export function assertValidJobId(jobId: string): void {
  if (jobId === '' || jobId.includes(':') || String(Number.parseInt(jobId, 10)) === jobId) {
    throw new AppError('INTERNAL', `Job id "${jobId}" must be non-empty, not an integer and without ":"`);
  }
}
