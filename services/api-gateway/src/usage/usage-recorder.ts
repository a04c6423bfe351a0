import { randomUUID } from 'node:crypto';
import { toAppError } from '@kirogate/errors';
import { jobCatalog, type UsageEvent, usageBatchMaxEvents, withJobTrace } from '@kirogate/jobs';
import type { JobQueue } from '@kirogate/platform';

export interface UsageRecorderOptions {
  /** A batch goes on the queue this long after its first event, or at once when it is full. */
  batchWindowMs: number;
  /**
   * Events kept in memory while the queue is unreachable; past this, the oldest batches are dropped
   * whole.
   */
  maxBuffered: number;
  retryIntervalMs: number;
  /** The queue is away for now; `dropped` events fell out of the full buffer. */
  onError: (error: unknown, dropped: number) => void;
  /** The queue refused this batch for good (its payload or job id): it is not retried. */
  onRejected: (error: unknown, events: readonly UsageEvent[]) => void;
}

/** Errors that say the queue is away for now; anything else would fail the same way on every retry. */
const transientCodes = new Set(['DEPENDENCY_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'LOCK_TIMEOUT']);

/** A `usage.batch` job on its way: its idempotent job id, its events and the job data. */
interface UsageBatchRecord {
  readonly jobId: string;
  readonly events: UsageEvent[];
  /** `{ events }` with the trace context of the batch's first request; serialised at enqueue. */
  readonly data: unknown;
}

/**
 * Puts the gateway's usage events on the `usage` queue without making any response wait. Events
 * finished within `batchWindowMs` of each other travel as one `usage.batch` job (docs/decisions/0020-batched-usage-records.md):
 * one enqueue, one job and one worker span per window instead of per request. The job id is made
 * once per batch, so a batch enqueued again after an error is deduplicated, and every event stays
 * idempotent on its request id in the worker. Batches that could not be enqueued are retried from a
 * bounded buffer, so a short Redis outage does not lose them.
 */
export class UsageRecorder {
  readonly #queue: JobQueue;
  readonly #options: UsageRecorderOptions;
  #open: UsageBatchRecord | undefined;
  #openTimer: NodeJS.Timeout | undefined;
  /** Batches the queue could not take yet, oldest first. */
  readonly #buffer: UsageBatchRecord[] = [];
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #inflight = new Set<Promise<void>>();

  constructor(queue: JobQueue, options: UsageRecorderOptions) {
    this.#queue = queue;
    this.#options = options;
  }

  record(event: UsageEvent): void {
    // Built by typed code on every request, so not re-validated here (a zod pass per request is
    // measurable); the worker parses every job against the catalog schema before it is written.
    let batch = this.#open;
    if (batch === undefined) {
      const events: UsageEvent[] = [];
      // The trace context is taken now, while the first request's span is active; the batch is
      // sent from a timer.
      batch = { jobId: `usage-${randomUUID()}`, events, data: withJobTrace({ events }) };
      this.#open = batch;
      this.#openTimer = setTimeout(() => this.#seal(), this.#options.batchWindowMs).unref();
    }
    batch.events.push(event);
    if (batch.events.length >= usageBatchMaxEvents) this.#seal();
  }

  /** Events waiting for the queue to come back. */
  get buffered(): number {
    return eventsIn(this.#buffer);
  }

  /** Sends the open batch now, waits for pending enqueues and makes one last attempt for buffered ones. */
  async flush(): Promise<void> {
    this.#seal();
    await Promise.allSettled([...this.#inflight]);
    await this.#retryBuffered();
  }

  close(): void {
    clearTimeout(this.#openTimer);
    clearInterval(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #seal(): void {
    const batch = this.#open;
    if (batch === undefined) return;
    clearTimeout(this.#openTimer);
    this.#open = undefined;
    this.#openTimer = undefined;
    const sending = this.#send(batch);
    this.#inflight.add(sending);
    void sending.finally(() => this.#inflight.delete(sending));
  }

  async #send(batch: UsageBatchRecord): Promise<void> {
    const { queue, name, options } = jobCatalog.usageBatch;
    try {
      await this.#queue.enqueue(queue, name, batch.data, {
        jobId: batch.jobId,
        attempts: options.attempts,
        backoffMs: options.backoffMs,
      });
    } catch (error) {
      if (!transientCodes.has(toAppError(error).code)) {
        this.#options.onRejected(error, batch.events);
        return;
      }
      this.#buffer.push(batch);
      let buffered = eventsIn(this.#buffer);
      let dropped = 0;
      while (buffered > this.#options.maxBuffered) {
        const oldest = this.#buffer.shift();
        if (oldest === undefined) break;
        buffered -= oldest.events.length;
        dropped += oldest.events.length;
      }
      this.#options.onError(error, dropped);
      this.#retryTimer ??= setInterval(
        () => void this.#retryBuffered(),
        this.#options.retryIntervalMs,
      ).unref();
    }
  }

  async #retryBuffered(): Promise<void> {
    const pending = this.#buffer.splice(0);
    for (const batch of pending) await this.#send(batch);
    if (this.#buffer.length === 0 && this.#retryTimer) {
      clearInterval(this.#retryTimer);
      this.#retryTimer = undefined;
    }
  }
}

function eventsIn(batches: readonly UsageBatchRecord[]): number {
  let events = 0;
  for (const batch of batches) events += batch.events.length;
  return events;
}
