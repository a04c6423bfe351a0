import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Assume, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { appliedMigrations, readJournal } from './migration-journal.ts';
import { migrationsFolder } from './migrations-folder.ts';
import { PgliteThreadClient } from './pglite-thread/pglite-thread-client.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;

/** What `db.execute` resolves to: both drivers return the rows under `rows`. */
export interface RowsResult<Row> {
  rows: Row[];
}

export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<Assume<this['row'], Record<string, unknown>>>;
}

/** The query builder every store uses; identical for Postgres and PGlite. */
export type Db = PgDatabase<RowsResultHKT, Schema>;

export interface DatabaseOptions {
  /** Postgres when set; otherwise PGlite with its files under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolMax?: number;
  /**
   * An idle pooled connection failed (e.g. Postgres restarted). The pool replaces it; without a
   * listener node-postgres would crash the process instead.
   */
  onPoolError?: (error: Error) => void;
  /** The embedded database's thread died and a new one is opening the same files (PGlite only). */
  onEmbeddedRestart?: (reason: Error) => void;
}

export interface MigrationReport {
  /** Tags of the migrations this call applied, oldest first; empty when already up to date. */
  applied: string[];
}

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers; for readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Any value works as long as every migrating process uses the same one. */
const migrationLockId = 7_415_265_001;

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined
    ? createPgliteDatabase(join(options.dataDir, 'pglite'), options.onEmbeddedRestart)
    : createPostgresDatabase(
        options.databaseUrl,
        options.poolMax ?? 10,
        options.onPoolError ?? (() => undefined),
      );
}

function createPostgresDatabase(
  databaseUrl: string,
  poolMax: number,
  onPoolError: (error: Error) => void,
): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  pool.on('error', onPoolError);
  const db = drizzleNodePostgres({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // One connection holds an advisory lock for the whole run, so replicas that start together
      // (a Job and a restarted pod) apply each migration once.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [migrationLockId]);
        const onClient = drizzleNodePostgres({ client, schema });
        return await runMigrations(onClient, () => migrateNodePostgres(onClient, { migrationsFolder }));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLockId]).catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

async function createPgliteDatabase(
  directory: string,
  onRestart: ((reason: Error) => void) | undefined,
): Promise<Database> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const client = await PgliteThreadClient.start(directory, onRestart ? { onRestart } : {});
  // drizzle's PGlite driver calls `query` and `transaction` only, which the thread client offers with
  // PGlite's semantics (see PgliteThreadClient); its type names the whole PGlite class.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  return {
    db,
    kind: 'pglite',
    migrate: () => runMigrations(db, () => migratePglite(db, { migrationsFolder })),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

async function runMigrations(db: Db, migrate: () => Promise<void>): Promise<MigrationReport> {
  const journal = await readJournal(migrationsFolder);
  const before = await appliedMigrations(db);
  await migrate();
  const after = await appliedMigrations(db);
  const applied = journal.filter((entry) => after.has(entry.when) && !before.has(entry.when));
  return { applied: applied.map((entry) => entry.tag) };
}
