import { toAppError } from '@kirogate/errors';
import { jobCatalog, type UsageEvent, withJobTrace } from '@kirogate/jobs';
import type { JobQueue } from '@kirogate/platform';

export interface UsageRecorderOptions {
  /** Records kept in memory while the queue is unreachable; the oldest are dropped past this. */
  maxBuffered: number;
  retryIntervalMs: number;
  /** The queue is away for now; `dropped` records fell out of the full buffer. */
  onError: (error: unknown, dropped: number) => void;
  /** The queue refused this record for good (invalid payload or job id): it is not retried. */
  onRejected: (error: unknown, event: UsageEvent) => void;
}

/** Errors that say the queue is away for now; anything else would fail the same way on every retry. */
const transientCodes = new Set(['DEPENDENCY_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'LOCK_TIMEOUT']);

/** A usage event on its way: its idempotent job id and the job data (with its request's trace context). */
interface UsageRecord {
  jobId: string;
  event: UsageEvent;
  data: unknown;
}

/**
 * Puts one usage event per request on the `usage` queue without making the response wait. Enqueueing
 * is idempotent on the request id; records that could not be enqueued are retried from a bounded buffer
 * so a short Redis outage does not lose them.
 */
export class UsageRecorder {
  readonly #queue: JobQueue;
  readonly #options: UsageRecorderOptions;
  /** Job data (the event with the trace context of its request) and its idempotent job id. */
  readonly #buffer: UsageRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inflight = new Set<Promise<void>>();

  constructor(queue: JobQueue, options: UsageRecorderOptions) {
    this.#queue = queue;
    this.#options = options;
  }

  record(event: UsageEvent): void {
    // Built by typed code on every request, so not re-validated here (a zod pass per request is
    // measurable); the worker parses every job against the catalog schema before it is written.
    // The trace context is taken now, while the request's span is active; a retry runs from a timer.
    this.#track(
      this.#send({
        jobId: `usage-${event.requestId}`,
        event,
        data: withJobTrace(event),
      }),
    );
  }

  get buffered(): number {
    return this.#buffer.length;
  }

  /** Waits for pending enqueues and makes one last attempt for buffered records. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    await this.#retryBuffered();
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #send(record: UsageRecord): Promise<void> {
    const { queue, name, options } = jobCatalog.usage;
    try {
      await this.#queue.enqueue(queue, name, record.data, {
        jobId: record.jobId,
        attempts: options.attempts,
        backoffMs: options.backoffMs,
      });
    } catch (error) {
      if (!transientCodes.has(toAppError(error).code)) {
        this.#options.onRejected(error, record.event);
        return;
      }
      this.#buffer.push(record);
      let dropped = 0;
      while (this.#buffer.length > this.#options.maxBuffered) {
        this.#buffer.shift();
        dropped += 1;
      }
      this.#options.onError(error, dropped);
      this.#timer ??= setInterval(() => void this.#retryBuffered(), this.#options.retryIntervalMs).unref();
    }
  }

  async #retryBuffered(): Promise<void> {
    const pending = this.#buffer.splice(0);
    for (const record of pending) await this.#send(record);
    if (this.#buffer.length === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #track(work: Promise<void>): void {
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work));
  }
}
