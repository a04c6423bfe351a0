import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '@kirogate/errors';
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

interface StoredJob {
  readonly id: string;
  readonly name: string;
  /**
   * Kept serialised so every run gets fresh JSON data, as from Redis. Emptied once the job completed:
   * a retained completed job only dedupes its id, and its data would otherwise outlive a young-GC
   * cycle and be promoted, on every job.
   */
  json: string;
  readonly attempts: number;
  readonly backoffMs: number;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  failedAttempts: number;
  error: string;
}

interface QueueState {
  readonly jobs: Map<string, StoredJob>;
  readonly waiting: StoredJob[];
  readonly completed: string[];
  readonly failed: string[];
  readonly timers: Set<NodeJS.Timeout>;
  readonly running: Set<Promise<void>>;
  consumer: { readonly handler: JobHandler; readonly concurrency: number } | undefined;
  active: number;
}

interface ScheduleState {
  timer: NodeJS.Timeout | undefined;
  pendingJobId: string | undefined;
}

/** In-process jobs for standalone mode, with BullMQ's semantics; jobs do not survive a restart. */
export class MemoryJobQueue implements JobQueue {
  readonly #queues = new Map<string, QueueState>();
  readonly #schedules = new Map<string, ScheduleState>();
  readonly #onError: ErrorReporter;
  #sequence = 0;
  #closing: Promise<void> | undefined;

  constructor(options: { onError: ErrorReporter }) {
    this.#onError = options.onError;
  }

  async enqueue(queue: string, name: string, data: unknown, options: EnqueueOptions = {}): Promise<string> {
    if (this.#closing) throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is closing');
    const state = this.#queue(queue);
    if (options.jobId !== undefined) {
      assertValidJobId(options.jobId);
      if (state.jobs.has(options.jobId)) return options.jobId;
    }
    this.#sequence += 1;
    const job: StoredJob = {
      id: options.jobId ?? String(this.#sequence),
      name,
      json: JSON.stringify(data ?? null),
      attempts: options.attempts ?? 1,
      backoffMs: options.backoffMs ?? 0,
      state: 'waiting',
      failedAttempts: 0,
      error: '',
    };
    state.jobs.set(job.id, job);
    this.#later(state, job, options.delayMs ?? 0);
    return job.id;
  }

  async process(
    queue: string,
    handler: JobHandler,
    options: { readonly concurrency: number },
  ): Promise<void> {
    const state = this.#queue(queue);
    if (state.consumer) throw new AppError('INTERNAL', `Queue "${queue}" already has a handler`);
    state.consumer = { handler, concurrency: options.concurrency };
    this.#pump(state);
  }

  async schedule(queue: string, name: string, schedule: JobSchedule, data: unknown): Promise<void> {
    // Before any state changes, so an unschedule during the await finds nothing half made.
    const timing =
      'everyMs' in schedule ? { everyMs: schedule.everyMs } : { slotAfter: await cronSlots(schedule.cron) };
    await this.unschedule(queue, name);
    const entry: ScheduleState = { timer: undefined, pendingJobId: undefined };
    this.#schedules.set(scheduleKey(queue, name), entry);
    const fire = () => {
      const pending = entry.pendingJobId && this.#queue(queue).jobs.get(entry.pendingJobId);
      if (pending && (pending.state === 'waiting' || pending.state === 'delayed')) return;
      this.enqueue(queue, name, data).then(
        (id) => {
          entry.pendingJobId = id;
        },
        (error: unknown) => this.#onError(error, `scheduling "${name}" on "${queue}"`),
      );
    };
    if ('everyMs' in timing) {
      fire();
      entry.timer = setInterval(fire, timing.everyMs).unref();
      return;
    }
    // The next slot is computed from the later of now and the slot just fired,
    // so a timer that fires a millisecond early cannot fire one slot twice.
    const next = (after: number) => {
      const at = timing.slotAfter(new Date(Math.max(Date.now(), after)));
      entry.timer = setTimeout(() => {
        fire();
        next(at);
      }, at - Date.now()).unref();
    };
    next(Date.now());
  }

  async unschedule(queue: string, name: string): Promise<void> {
    const key = scheduleKey(queue, name);
    clearTimeout(this.#schedules.get(key)?.timer);
    this.#schedules.delete(key);
  }

  async counts(queue: string): Promise<QueueCounts> {
    const state = this.#queue(queue);
    let delayed = 0;
    for (const job of state.jobs.values()) if (job.state === 'delayed') delayed += 1;
    return {
      waiting: state.waiting.length,
      active: state.active,
      delayed,
      completed: state.completed.length,
      failed: state.failed.length,
    };
  }

  async failed(queue: string, limit: number): Promise<FailedJob[]> {
    const state = this.#queue(queue);
    return state.failed
      .slice(-limit)
      .reverse()
      .flatMap((id) => {
        const job = state.jobs.get(id);
        if (!job) return [];
        return [
          { id, name: job.name, data: JSON.parse(job.json), attempts: job.failedAttempts, error: job.error },
        ];
      });
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const entry of this.#schedules.values()) clearTimeout(entry.timer);
    this.#schedules.clear();
    const states = [...this.#queues.values()];
    await Promise.all(states.flatMap((state) => [...state.running]));
    for (const state of states) for (const timer of state.timers) clearTimeout(timer);
  }

  #queue(name: string): QueueState {
    let state = this.#queues.get(name);
    if (!state) {
      state = {
        jobs: new Map(),
        waiting: [],
        completed: [],
        failed: [],
        timers: new Set(),
        running: new Set(),
        consumer: undefined,
        active: 0,
      };
      this.#queues.set(name, state);
    }
    return state;
  }

  #later(state: QueueState, job: StoredJob, delayMs: number, dueAt = Date.now() + delayMs): void {
    if (delayMs <= 0) {
      job.state = 'waiting';
      state.waiting.push(job);
      this.#pump(state);
      return;
    }
    job.state = 'delayed';
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      // Timers round to whole milliseconds and may fire up to 1 ms before the
      // wall clock says the delay has passed; a delayed job never runs early.
      this.#later(state, job, dueAt - Date.now(), dueAt);
    }, delayMs).unref();
    state.timers.add(timer);
  }

  #pump(state: QueueState): void {
    const consumer = state.consumer;
    if (!consumer || this.#closing) return;
    while (state.active < consumer.concurrency) {
      const job = state.waiting.shift();
      if (!job) return;
      state.active += 1;
      job.state = 'active';
      const run: Promise<void> = this.#run(state, consumer.handler, job).finally(() => {
        state.active -= 1;
        state.running.delete(run);
        this.#pump(state);
      });
      state.running.add(run);
    }
  }

  async #run(state: QueueState, handler: JobHandler, job: StoredJob): Promise<void> {
    // Never run a handler inside the stack of whoever enqueued the job.
    await nextTurn();
    try {
      await handler({
        id: job.id,
        name: job.name,
        data: JSON.parse(job.json),
        attempt: job.failedAttempts + 1,
      });
      job.state = 'completed';
      job.json = '';
      this.#retain(state, state.completed, job.id, retainedCompletedJobs);
    } catch (error) {
      job.failedAttempts += 1;
      if (job.failedAttempts < job.attempts) {
        this.#later(state, job, Math.round(job.backoffMs * 2 ** (job.failedAttempts - 1)));
        return;
      }
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      this.#retain(state, state.failed, job.id, retainedFailedJobs);
    }
  }

  #retain(state: QueueState, finished: string[], id: string, keep: number): void {
    finished.push(id);
    for (const dropped of finished.splice(0, Math.max(0, finished.length - keep))) state.jobs.delete(dropped);
  }
}

function scheduleKey(queue: string, name: string): string {
  return JSON.stringify([queue, name]);
}

/**
 * The next slot of a cron pattern after a moment. cron-parser is loaded on first use: no job of ours
 * runs on a pattern, and it brings luxon along (about 0.7 MB of module source a process would keep).
 */
async function cronSlots(pattern: string): Promise<(after: Date) => number> {
  const { CronExpressionParser } = await import('cron-parser');
  return (after) => CronExpressionParser.parse(pattern, { currentDate: after }).next().getTime();
}
