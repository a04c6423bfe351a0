import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteThreadClient } from '../src/pglite-thread/pglite-thread-client.ts';

describe('PgliteThreadClient', () => {
  let dataDir: string;
  let client: PgliteThreadClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kg-pglite-thread-'));
    client = await PgliteThreadClient.start(join(dataDir, 'db'));
    await client.query('create table t (id int primary key, at timestamptz, doc jsonb, raw bytea, big int8)');
  });
  afterAll(async () => {
    await client.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('returns rows as objects or arrays, keeping the types asked for as text', async () => {
    await client.query('insert into t values ($1, $2, $3, $4, $5)', [
      1,
      '2026-11-26T10:00:00Z',
      JSON.stringify({ a: [1, 'x'] }),
      new Uint8Array([0, 255, 7]),
      '9007199254740993',
    ]);
    const objects = await client.query<Record<string, unknown>>('select * from t where id = 1');
    expect(objects.rows[0]).toMatchObject({ id: 1, doc: { a: [1, 'x'] }, raw: new Uint8Array([0, 255, 7]) });
    expect(objects.rows[0]?.at).toBeInstanceOf(Date);

    const arrays = await client.query<unknown[]>('select id, at from t where id = 1', [], {
      rowMode: 'array',
      parsers: { [types.TIMESTAMPTZ]: (value: string) => value },
    });
    expect(arrays.rows[0]?.[0]).toBe(1);
    expect(arrays.rows[0]?.[1]).toMatch(/^2026-11-26 10:00:00(\+00)?/);
    expect(arrays.fields.map((field) => field.name)).toEqual(['id', 'at']);
  });

  it('rejects with the SQLSTATE and constraint of the failure, as PGlite would', async () => {
    await client.query('insert into t (id) values (10)');
    const error = await client.query('insert into t (id) values (10)').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
    expect((error as Error).message).toMatch(/duplicate key/);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await client.transaction(async (tx) => {
      await tx.query('insert into t (id) values (20)');
      await tx.query('insert into t (id) values (21)');
    });
    const failure = await client
      .transaction(async (tx) => {
        await tx.query('insert into t (id) values (22)');
        throw new Error('changed my mind');
      })
      .catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ message: 'changed my mind' });
    const { rows } = await client.query<{ id: number }>(
      'select id from t where id between 20 and 29 order by id',
    );
    expect(rows.map((row) => row.id)).toEqual([20, 21]);
  });

  it('makes queries outside an open transaction wait until it ends', async () => {
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = client.transaction(async (tx) => {
      await tx.query('insert into t (id) values (30)');
      inside();
      await held;
      order.push('commit');
    });
    await entered;
    const outside = client
      .query<{ n: number }>('select count(*)::int as n from t where id = 30')
      .then((result) => {
        order.push('outside');
        return result.rows[0]?.n;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    release();
    await transaction;
    // The outside read ran after the commit, so it sees the row.
    expect(await outside).toBe(1);
    expect(order).toEqual(['commit', 'outside']);
  });

  it('keeps savepoints inside a transaction', async () => {
    await client.transaction(async (tx) => {
      await tx.query('insert into t (id) values (40)');
      await tx.query('savepoint sp1');
      await tx.query('insert into t (id) values (41)');
      await tx.query('rollback to savepoint sp1');
    });
    const { rows } = await client.query<{ id: number }>('select id from t where id between 40 and 49');
    expect(rows.map((row) => row.id)).toEqual([40]);
  });

  it('replaces a thread that dies: its calls fail, its open transaction stays dead, data survives', async () => {
    const threads: Worker[] = [];
    const restarts: string[] = [];
    const crashing = await PgliteThreadClient.start(join(dataDir, 'crash'), {
      onThread: (worker) => threads.push(worker),
      onRestart: (reason) => restarts.push(reason.message),
    });
    try {
      await crashing.query('create table kept (id int primary key)');
      await crashing.query('insert into kept values (1)');
      const interrupted = crashing.transaction(async (tx) => {
        await tx.query('insert into kept values (2)');
        await threads[0]!.terminate();
        await tx.query('insert into kept values (3)');
      });
      await expect(interrupted).rejects.toThrow(/exited|ended with the embedded database thread/);
      expect(restarts).toHaveLength(1);
      expect(restarts[0]).toMatch(/exited \(code 1\)/);
      // Waits for the new thread; the committed row is there, the interrupted transaction's is not.
      const { rows } = await crashing.query<{ id: number }>('select id from kept order by id');
      expect(rows.map((row) => row.id)).toEqual([1]);
      expect(threads).toHaveLength(2);
    } finally {
      await crashing.close();
    }
  });

  it('fails a transaction begun on a dead thread even when the new thread reuses its id', async () => {
    const threads: Worker[] = [];
    const crashing = await PgliteThreadClient.start(join(dataDir, 'stale'), {
      onThread: (worker) => threads.push(worker),
    });
    try {
      await crashing.query('create table s (id int)');
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let begun = () => {};
      const open = new Promise<void>((resolve) => {
        begun = resolve;
      });
      let staleQuery: Promise<unknown> = Promise.resolve();
      const stale = crashing.transaction(async (tx) => {
        begun();
        await held;
        staleQuery = tx.query('insert into s values (1)');
        await staleQuery;
      });
      await open;
      await threads[0]!.terminate();
      // The new thread numbers its transactions from 1 again, like the dead one did.
      const fresh = crashing.transaction(async (tx) => {
        release();
        await expect(stale).rejects.toThrow(/ended with the embedded database thread/);
        await tx.query('insert into s values (2)');
      });
      await fresh;
      await expect(staleQuery).rejects.toThrow(/ended with the embedded database thread/);
      const { rows } = await crashing.query<{ id: number }>('select id from s');
      expect(rows.map((row) => row.id)).toEqual([2]);
    } finally {
      await crashing.close();
    }
  });

  it('stays down after more than five deaths in a minute', async () => {
    const threads: Worker[] = [];
    const crashing = await PgliteThreadClient.start(join(dataDir, 'loop'), {
      onThread: (worker) => threads.push(worker),
    });
    for (let death = 1; death <= 6; death += 1) {
      await threads.at(-1)!.terminate();
      if (death <= 5) await crashing.query('select 1');
    }
    expect(threads).toHaveLength(6);
    await expect(crashing.query('select 1')).rejects.toThrow(/exited/);
    await crashing.close();
  });

  it('fails every call after close, and start fails for a directory it cannot use', async () => {
    const other = await PgliteThreadClient.start(join(dataDir, 'other'));
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow(/closed/);
    await expect(PgliteThreadClient.start('/proc/kirogate-cannot-write-here')).rejects.toThrow();
  });
});
