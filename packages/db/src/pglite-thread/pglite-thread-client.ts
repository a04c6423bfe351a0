import { once } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest, WireError } from './messages.ts';

/** The part of a PGlite connection that drizzle's PGlite driver uses. */
export interface PgliteQueryable {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** Distributes the omitted `id` over the request union. */
type Unsent<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export interface PgliteThreadOptions {
  /** Told why, each time the thread died and a new one is being started. */
  onRestart?: (reason: Error) => void;
  /** Sees every thread as it starts; tests use it to end one the way a crash would. */
  onThread?: (worker: Worker) => void;
}

/** More deaths than this within `restartWindowMs` and the database stays down with the last reason. */
const maxRestarts = 5;
const restartWindowMs = 60_000;

/**
 * PGlite in a worker thread, spoken to by messages. Postgres-in-WebAssembly runs synchronously, so
 * on the main thread every usage batch and roll-up blocked all requests for its duration (a 100-row
 * batch: 5–10 ms). Here the thread does that work; the main thread only waits for answers.
 *
 * It offers what drizzle's PGlite driver calls — `query` and `transaction` — with PGlite's own
 * semantics: a transaction holds the database until it ends, and queries outside it wait. Errors
 * come back with their SQLSTATE `code` and other fields, so callers cannot tell the difference.
 *
 * A thread that dies (a WebAssembly abort, out of memory) fails the calls it had, and a new one
 * opens the same directory — Postgres recovers from its WAL as after any crash — while later calls
 * wait for it. A transaction begun on the dead thread stays dead: its later queries fail rather
 * than run outside it.
 */
export class PgliteThreadClient implements PgliteQueryable {
  readonly #dataDir: string;
  readonly #options: PgliteThreadOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker;
  /** Counts threads; a transaction belongs to the one it began on. */
  #generation = 0;
  /** While a new thread opens, calls wait for it. */
  #restarting: Promise<void> | undefined;
  readonly #deaths: number[] = [];
  #nextId = 1;
  #closing = false;
  /** Set once the database is gone for good; every later call fails with it. */
  #stopped: Error | undefined;

  private constructor(dataDir: string, options: PgliteThreadOptions, worker: Worker) {
    this.#dataDir = dataDir;
    this.#options = options;
    this.#worker = worker;
    this.#adopt(worker);
  }

  /** Opens (or creates) the database in `dataDir` on a new thread. */
  static async start(dataDir: string, options: PgliteThreadOptions = {}): Promise<PgliteThreadClient> {
    return new PgliteThreadClient(dataDir, options, await openThread(dataDir, options));
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options, undefined);
  }

  /**
   * Runs `callback` inside one transaction: committed when it resolves, rolled back when it throws.
   * The `tx` it gets offers `query` only, which is all drizzle uses (savepoints are queries too).
   */
  async transaction<T>(callback: (tx: PgliteQueryable) => Promise<T>): Promise<T> {
    const tx = (await this.#call({ op: 'begin' })) as number;
    const generation = this.#generation;
    const scoped: PgliteQueryable = {
      query: <R>(sql: string, params: unknown[] = [], options?: QueryOptions) =>
        this.#query<R>(sql, params, options, { tx, generation }),
    };
    let result: T;
    try {
      result = await callback(scoped);
    } catch (error) {
      await this.#call({ op: 'end', tx, commit: false }, generation).catch(() => undefined);
      throw error;
    }
    await this.#call({ op: 'end', tx, commit: true }, generation);
    return result;
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    this.#closing = true;
    await this.#restarting;
    if (this.#stopped) return;
    await this.#call({ op: 'close' });
    this.#stop(new Error('The embedded database is closed'));
    await this.#worker.terminate();
  }

  #query<T>(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
    within: { tx: number; generation: number } | undefined,
  ) {
    return this.#call(
      {
        op: 'query',
        sql,
        params,
        rowMode: options?.rowMode ?? 'object',
        textTypes: Object.keys(options?.parsers ?? {}).map(Number),
        ...(within === undefined ? {} : { tx: within.tx }),
      },
      within?.generation,
    ) as Promise<Results<T>>;
  }

  /** Sends `request` to the thread; with `generation`, only to the thread of that generation. */
  #call(request: Unsent<ThreadRequest>, generation?: number): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (generation !== undefined && generation !== this.#generation) {
      return Promise.reject(
        new Error('The transaction ended with the embedded database thread that held it'),
      );
    }
    if (this.#restarting) return this.#restarting.then(() => this.#call(request, generation));
    const id = this.#nextId++;
    if (this.#pending.size === 0) this.#worker.ref();
    const answer = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#worker.postMessage({ ...request, id } as ThreadRequest);
    return answer;
  }

  #adopt(worker: Worker): void {
    let failure: Error | undefined;
    worker.on('message', (reply: ThreadReply) => this.#settle(reply));
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (worker !== this.#worker) return;
      const reason = new Error(
        `The embedded database thread exited (code ${code})${failure ? `: ${failure.message}` : ''}`,
      );
      this.#failPending(reason);
      this.#died(reason);
    });
    // A pending answer keeps the process alive, like a socket waiting for a reply would; an idle
    // thread does not.
    worker.unref();
  }

  #died(reason: Error): void {
    if (this.#closing || this.#stopped) {
      this.#stop(reason);
      return;
    }
    const now = Date.now();
    while (this.#deaths.length > 0 && this.#deaths[0]! <= now - restartWindowMs) this.#deaths.shift();
    this.#deaths.push(now);
    if (this.#deaths.length > maxRestarts) {
      this.#stop(reason);
      return;
    }
    this.#options.onRestart?.(reason);
    this.#generation += 1;
    this.#restarting = openThread(this.#dataDir, this.#options).then(
      (worker) => {
        this.#restarting = undefined;
        this.#worker = worker;
        this.#adopt(worker);
      },
      (error: unknown) => {
        this.#restarting = undefined;
        this.#stop(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  #settle(reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(toError(reply.error));
  }

  #failPending(reason: Error): void {
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    this.#failPending(this.#stopped);
  }
}

/** A new thread with the database in `dataDir` open: resolves on its start-up answer (id 0). */
async function openThread(dataDir: string, options: PgliteThreadOptions): Promise<Worker> {
  const extension = extname(fileURLToPath(import.meta.url));
  const worker = new Worker(new URL(`./pglite-thread-worker${extension}`, import.meta.url), {
    workerData: { dataDir },
  });
  options.onThread?.(worker);
  const exited = once(worker, 'exit').then(([code]) => {
    throw new Error(`The embedded database thread exited during start-up (code ${code})`);
  });
  exited.catch(() => undefined);
  try {
    const [reply] = (await Promise.race([once(worker, 'message'), exited])) as [ThreadReply];
    if (!reply.ok) throw toError(reply.error);
    return worker;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}

function toError(wire: WireError): Error {
  const error = new Error(wire.message);
  if (wire.name !== undefined) error.name = wire.name;
  return Object.assign(error, wire.fields);
}
