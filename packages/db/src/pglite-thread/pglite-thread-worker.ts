/**
 * The embedded database's own thread: one PGlite instance, answering the messages of
 * `PgliteThreadClient`. PGlite runs Postgres compiled to WebAssembly synchronously, so a usage batch
 * or a roll-up here no longer stalls the requests on the main thread.
 *
 * This file is loaded by `new Worker(...)` on its own, outside the package's source condition, so it
 * imports nothing of ours; the message shapes live in `messages.ts`, which has no runtime code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest, WireError, WireQuery } from './messages.ts';

if (!parentPort) throw new Error('pglite-thread-worker.ts runs as a worker thread only');
const port = parentPort;
const { dataDir } = workerData as { dataDir: string };

/** Thrown inside a PGlite transaction to make it roll back; never leaves this thread. */
const rollback = Symbol('rollback');
const keepText = (value: string) => value;

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): void;
  done: Promise<void>;
}

const transactions = new Map<number, OpenTransaction>();
let nextTransactionId = 1;

function reply(message: ThreadReply): void {
  port.postMessage(message);
}

function wireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, string | number> = {};
  // pg-protocol's DatabaseError keeps SQLSTATE, constraint, table… as own properties; structured
  // cloning an Error would drop them, and callers decide by `code` (23505, 40P01, …).
  for (const [name, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = value;
  }
  return { name: error.name, message: error.message, fields };
}

function options(query: WireQuery): QueryOptions {
  // Parser functions cannot cross threads. The only caller, drizzle, passes identity parsers that keep
  // dates, timestamps and intervals as Postgres text; the client sends those type ids instead.
  const parsers: NonNullable<QueryOptions['parsers']> = {};
  for (const oid of query.textTypes) parsers[oid] = keepText;
  return { rowMode: query.rowMode, parsers };
}

async function run(db: PGlite, request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const target = request.tx === undefined ? db : transactions.get(request.tx)?.tx;
      if (!target) throw new Error(`Transaction ${request.tx} is not open`);
      const result = await target.query(request.sql, request.params, options(request));
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'begin':
      return begin(db);
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error(`Transaction ${request.tx} is not open`);
      open.finish(request.commit);
      await open.done;
      return undefined;
    }
    case 'close':
      await db.close();
      return undefined;
  }
}

/** Resolves with the id of a transaction that holds PGlite's transaction lock until `end`. */
function begin(db: PGlite): Promise<number> {
  const id = nextTransactionId++;
  return new Promise<number>((started, failedToStart) => {
    let finish: (commit: boolean) => void = () => undefined;
    const decided = new Promise<boolean>((resolve) => {
      finish = resolve;
    });
    const done = db
      .transaction(async (tx) => {
        transactions.set(id, { tx, finish, done });
        started(id);
        const commit = await decided;
        transactions.delete(id);
        if (!commit) throw rollback;
      })
      .then(
        () => undefined,
        (error: unknown) => {
          transactions.delete(id);
          failedToStart(error);
          if (error !== rollback) throw error;
        },
      );
    // `end` awaits `done`; until then a failure here must not count as unhandled.
    done.catch(() => undefined);
  });
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir });
  } catch (error) {
    reply({ id: 0, ok: false, error: wireError(error) });
    return;
  }
  port.on('message', (request: ThreadRequest) => {
    run(db, request).then(
      (value) => reply({ id: request.id, ok: true, value }),
      (error: unknown) => reply({ id: request.id, ok: false, error: wireError(error) }),
    );
  });
  reply({ id: 0, ok: true, value: undefined });
}

void main();
