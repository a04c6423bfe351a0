import { AppError } from '@kirogate/errors';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ErrorReporter } from './error-reporter.ts';
import {
  assertValidJobId,
  type EnqueueOptions,
  type FailedJob,
  type JobHandler,
  type JobQueue,
  type JobSchedule,
  type QueueCounts,
  retainedCompletedJobs,
  retainedFailedJobs,
} from './job-queue.ts';
import { redisFailure } from './redis-failure.ts';
import { bullmq } from './redis-modules.ts';

export interface BullmqJobQueueOptions {
  /** Shared by every Queue for producing and reading; BullMQ leaves it open. */
  readonly connection: Redis;
  /**
   * Duplicated into each Worker's own connections; BullMQ requires `maxRetriesPerRequest: null` on
   * it so blocking reads survive reconnects.
   */
  readonly workerConnection: Redis;
  /** BullMQ's key prefix: every queue key starts with it. */
  readonly prefix: string;
  readonly onError: ErrorReporter;
}

const retention = {
  removeOnComplete: { count: retainedCompletedJobs },
  removeOnFail: { count: retainedFailedJobs },
};

/** The one place BullMQ is touched; everything else sees JobQueue. */
export class BullmqJobQueue implements JobQueue {
  readonly #options: BullmqJobQueueOptions;
  readonly #queues = new Map<string, Queue>();
  readonly #workers = new Map<string, Worker>();
  #closing: Promise<void> | undefined;

  constructor(options: BullmqJobQueueOptions) {
    this.#options = options;
  }

  async enqueue(queue: string, name: string, data: unknown, options: EnqueueOptions = {}): Promise<string> {
    if (this.#closing) throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is closing');
    if (options.jobId !== undefined) assertValidJobId(options.jobId);
    try {
      const job = await this.#queue(queue).add(name, data, {
        jobId: options.jobId,
        delay: options.delayMs,
        attempts: options.attempts ?? 1,
        backoff: options.backoffMs ? { type: 'exponential', delay: options.backoffMs } : undefined,
      });
      return job.id!;
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async process(
    queue: string,
    handler: JobHandler,
    options: { readonly concurrency: number },
  ): Promise<void> {
    if (this.#workers.has(queue)) throw new AppError('INTERNAL', `Queue "${queue}" already has a handler`);
    const worker = new (bullmq().Worker)(
      queue,
      (job) => handler({ id: job.id!, name: job.name, data: job.data, attempt: job.attemptsMade + 1 }),
      {
        connection: this.#options.workerConnection,
        prefix: this.#options.prefix,
        concurrency: options.concurrency,
      },
    );
    worker.on('error', (error) => this.#options.onError(error, `worker of queue "${queue}"`));
    this.#workers.set(queue, worker);
    try {
      await worker.waitUntilReady();
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async schedule(queue: string, name: string, schedule: JobSchedule, data: unknown): Promise<void> {
    const repeat = 'everyMs' in schedule ? { every: schedule.everyMs } : { pattern: schedule.cron };
    try {
      await this.#queue(queue).upsertJobScheduler(name, repeat, { name, data, opts: retention });
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async unschedule(queue: string, name: string): Promise<void> {
    try {
      await this.#queue(queue).removeJobScheduler(name);
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async counts(queue: string): Promise<QueueCounts> {
    try {
      const counts = await this.#queue(queue).getJobCounts(
        'waiting',
        'active',
        'delayed',
        'completed',
        'failed',
      );
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      };
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async failed(queue: string, limit: number): Promise<FailedJob[]> {
    try {
      const jobs = await this.#queue(queue).getFailed(0, limit - 1);
      return jobs.map((job) => ({
        id: job.id!,
        name: job.name,
        data: job.data,
        attempts: job.attemptsMade,
        error: job.failedReason,
      }));
    } catch (error) {
      throw redisFailure(error);
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    // Worker.close() without force waits for the jobs it is running.
    await Promise.all([...this.#workers.values()].map((worker) => worker.close()));
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new (bullmq().Queue)(name, {
        connection: this.#options.connection,
        prefix: this.#options.prefix,
        defaultJobOptions: retention,
      });
      queue.on('error', (error) => this.#options.onError(error, `queue "${name}"`));
      this.#queues.set(name, queue);
    }
    return queue;
  }
}
