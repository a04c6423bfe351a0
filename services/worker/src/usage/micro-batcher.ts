export interface MicroBatcherOptions<T> {
  /** A batch is sealed as soon as it holds this many items… */
  readonly maxItems: number;
  /** …or this long after its first item arrived. */
  readonly maxWaitMs: number;
  /** Writes one batch atomically: all of it or none of it. */
  readonly write: (items: T[]) => Promise<void>;
  /**
   * For a failed batch of several items: true when the failure may be one item's fault (a constraint
   * or data error), so the batch is split in halves and retried until the bad item is alone. Errors
   * that are nobody's fault (connection lost) fail the whole batch at once.
   */
  readonly isItemError?: (error: unknown) => boolean;
  readonly onWrite?: (outcome: {
    readonly items: number;
    readonly seconds: number;
    readonly ok: boolean;
  }) => void;
}

interface Entry<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers items handed in one at a time (one per queue job) into batches written together. `add`
 * settles when the item's batch has been written, so a job completes only once its row is committed
 * and a failed write fails (and retries) exactly the jobs whose rows it carried. One batch is written
 * at a time; the next one fills meanwhile, and a full one waits, which holds back the queue.
 */
export class MicroBatcher<T> {
  readonly #options: MicroBatcherOptions<T>;
  #pending: Entry<T>[] = [];
  readonly #sealed: Entry<T>[][] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(options: MicroBatcherOptions<T>) {
    this.#options = options;
  }

  /** Items waiting for their batch to be written (pending and sealed). */
  get waiting(): number {
    return this.#pending.length + this.#sealed.reduce((sum, batch) => sum + batch.length, 0);
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#pending.length >= this.#options.maxItems) this.#seal();
      // Once closed, a batch waits only for the items handed in at the same turn of the event loop
      // (an embedded database may finish a write before the next job even starts).
      else this.#timer ??= setTimeout(() => this.#seal(), this.#closed ? 0 : this.#options.maxWaitMs);
    });
  }

  /** Seals what is pending and resolves once every batch handed in so far has been written or failed. */
  async flush(): Promise<void> {
    this.#seal();
    while (this.#writing) await this.#writing;
  }

  /** From now on every item is written without waiting for company; then flushes. */
  close(): Promise<void> {
    this.#closed = true;
    return this.flush();
  }

  #seal(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    this.#sealed.push(this.#pending);
    this.#pending = [];
    this.#next();
  }

  #next(): void {
    if (this.#writing) return;
    if (this.#closed && this.#sealed.length === 0 && this.#pending.length > 0) this.#seal();
    const batch = this.#sealed.shift();
    if (!batch) return;
    this.#writing = this.#writeBatch(batch).finally(() => {
      this.#writing = undefined;
      this.#next();
    });
  }

  async #writeBatch(batch: Entry<T>[]): Promise<void> {
    const started = performance.now();
    try {
      await this.#options.write(batch.map((entry) => entry.item));
    } catch (error) {
      this.#report(batch.length, started, false);
      if (batch.length > 1 && this.#options.isItemError?.(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.#writeBatch(batch.slice(0, half));
        await this.#writeBatch(batch.slice(half));
        return;
      }
      for (const entry of batch) entry.reject(error);
      return;
    }
    this.#report(batch.length, started, true);
    for (const entry of batch) entry.resolve();
  }

  #report(items: number, started: number, ok: boolean): void {
    this.#options.onWrite?.({ items, seconds: (performance.now() - started) / 1000, ok });
  }
}
