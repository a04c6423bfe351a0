import type { Db } from '@kirogate/db';
import type { UsageEvent } from '@kirogate/jobs';
import { compactError } from '../compact-error.ts';
import { MicroBatcher } from './micro-batcher.ts';
import { isRetryableConflict, isRowError } from './sqlstate-of.ts';
import { type UsageBatchResult, writeUsageBatch } from './write-usage-batch.ts';

export interface UsageIngestorOptions {
  readonly db: Db;
  readonly batchSize: number;
  readonly batchWaitMs: number;
  /** Called after a batch committed, with what it inserted; its failures are reported, not retried. */
  readonly afterCommit?: (result: UsageBatchResult) => Promise<void>;
  readonly onWrite?: (outcome: {
    readonly items: number;
    readonly seconds: number;
    readonly ok: boolean;
  }) => void;
  readonly onInserted?: (inserted: number, received: number) => void;
  readonly onError: (error: unknown, context: string) => void;
}

const conflictRetries = 3;

/**
 * The usage processor: each queue job hands in its event and waits for the batch holding it to
 * commit (see MicroBatcher). Deadlocks between replicas updating the same keys and credentials are
 * retried in place; a row the database refuses fails only its own job.
 */
export class UsageIngestor {
  readonly #batcher: MicroBatcher<UsageEvent>;

  constructor(options: UsageIngestorOptions) {
    this.#batcher = new MicroBatcher<UsageEvent>({
      maxItems: options.batchSize,
      maxWaitMs: options.batchWaitMs,
      isItemError: isRowError,
      ...(options.onWrite ? { onWrite: options.onWrite } : {}),
      write: async (events) => {
        let result: UsageBatchResult;
        try {
          result = await withConflictRetries(() => writeUsageBatch(options.db, events));
        } catch (error) {
          const compact = compactError(error);
          options.onError(compact, `writing a batch of ${events.length} usage events`);
          throw compact;
        }
        options.onInserted?.(result.inserted, events.length);
        if (result.inserted > 0 && options.afterCommit) {
          await options
            .afterCommit(result)
            .catch((error: unknown) => options.onError(error, 'after usage batch'));
        }
      },
    });
  }

  /** Events waiting for their batch. */
  get waiting(): number {
    return this.#batcher.waiting;
  }

  /** Resolves once the event is committed (or was already there); rejects when its batch failed. */
  ingest(event: UsageEvent): Promise<void> {
    return this.#batcher.add(event);
  }

  /** Writes what is waiting without delay, now and from now on (shutdown). */
  close(): Promise<void> {
    return this.#batcher.close();
  }
}

async function withConflictRetries<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= conflictRetries || !isRetryableConflict(error)) throw error;
    }
  }
}
