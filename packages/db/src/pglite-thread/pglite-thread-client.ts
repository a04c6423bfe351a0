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

/**
 * PGlite in a worker thread, spoken to by messages. Postgres-in-WebAssembly runs synchronously, so
 * on the main thread every usage batch and roll-up blocked all requests for its duration (a 100-row
 * batch: 5–10 ms). Here the thread does that work; the main thread only waits for answers.
 *
 * It offers what drizzle's PGlite driver calls — `query` and `transaction` — with PGlite's own
 * semantics: a transaction holds the database until it ends, and queries outside it wait. Errors
 * come back with their SQLSTATE `code` and other fields, so callers cannot tell the difference.
 */
export class PgliteThreadClient implements PgliteQueryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once the thread is gone; every later call fails with it. */
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: ThreadReply) => this.#settle(reply));
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`The embedded database thread exited (code ${code})`)));
    worker.unref();
  }

  /** Opens (or creates) the database in `dataDir` on a new thread. */
  static async start(dataDir: string): Promise<PgliteThreadClient> {
    const extension = extname(fileURLToPath(import.meta.url));
    const worker = new Worker(new URL(`./pglite-thread-worker${extension}`, import.meta.url), {
      workerData: { dataDir },
    });
    const client = new PgliteThreadClient(worker);
    try {
      await client.#await(0);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return client;
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
    const scoped: PgliteQueryable = {
      query: <R>(sql: string, params: unknown[] = [], options?: QueryOptions) =>
        this.#query<R>(sql, params, options, tx),
    };
    let result: T;
    try {
      result = await callback(scoped);
    } catch (error) {
      await this.#call({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.#call({ op: 'end', tx, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    await this.#call({ op: 'close' });
    this.#stop(new Error('The embedded database is closed'));
    await this.#worker.terminate();
  }

  #query<T>(sql: string, params: unknown[], options: QueryOptions | undefined, tx: number | undefined) {
    return this.#call({
      op: 'query',
      sql,
      params,
      rowMode: options?.rowMode ?? 'object',
      textTypes: Object.keys(options?.parsers ?? {}).map(Number),
      ...(tx === undefined ? {} : { tx }),
    }) as Promise<Results<T>>;
  }

  #call(request: Unsent<ThreadRequest>): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    const answer = this.#await(id);
    this.#worker.postMessage({ ...request, id } as ThreadRequest);
    return answer;
  }

  /** A pending answer keeps the process alive, like a socket waiting for a reply would. */
  #await(id: number): Promise<unknown> {
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  #settle(reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(toError(reply.error));
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }
}

function toError(wire: WireError): Error {
  const error = new Error(wire.message);
  if (wire.name !== undefined) error.name = wire.name;
  return Object.assign(error, wire.fields);
}
