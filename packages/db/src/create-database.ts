import { join } from 'node:path';
import { type Assume, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres/start-embedded-postgres.ts';
import { appliedMigrations, readJournal } from './migration-journal.ts';
import { migrationsFolder } from './migrations-folder.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;

/** What `db.execute` resolves to: both drivers return the rows under `rows`. */
export interface RowsResult<Row> {
  rows: Row[];
}

export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<Assume<this['row'], Record<string, unknown>>>;
}

/** The query builder every store uses. */
export type Db = PgDatabase<RowsResultHKT, Schema>;

export interface DatabaseOptions {
  /** A Postgres server when set; otherwise an embedded Postgres server with its files under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Connections to a `databaseUrl` server; the embedded server gets at most `embeddedPoolMax`. */
  poolMax?: number;
  /**
   * An idle pooled connection failed (e.g. Postgres restarted). The pool replaces it; without a
   * listener node-postgres would crash the process instead.
   */
  onPoolError?: (error: Error) => void;
  /** The embedded server exited while it should have been running (embedded only). */
  onEmbeddedExit?: (reason: Error) => void;
  /** Sees the text of every statement sent through `db` (tests count them; never logs parameters). */
  onQuery?: (sql: string) => void;
}

export interface MigrationReport {
  /** Tags of the migrations this call applied, oldest first; empty when already up to date. */
  applied: string[];
}

export interface Database {
  db: Db;
  kind: 'postgres' | 'embedded';
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers; for readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Any value works as long as every migrating process uses the same one. */
const migrationLockId = 7_415_265_001;

/**
 * Each connection is a server process of ~15 MB RSS; one gateway's writes (usage batches, keys,
 * credentials) keep a few busy at most. Idle ones close soon, so an idle gateway holds none.
 */
const embeddedPoolMax = 3;
const embeddedIdleTimeoutMs = 2_000;

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const onPoolError = options.onPoolError ?? (() => undefined);
  if (options.databaseUrl !== undefined) {
    return createPostgresDatabase(
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10 },
      'postgres',
      onPoolError,
      options.onQuery,
    );
  }
  const server = await startEmbeddedPostgres({
    directory: join(options.dataDir, 'postgres'),
    ...(options.onEmbeddedExit ? { onExit: options.onEmbeddedExit } : {}),
  });
  const database = createPostgresDatabase(
    {
      ...server.connection,
      max: Math.min(options.poolMax ?? embeddedPoolMax, embeddedPoolMax),
      idleTimeoutMillis: embeddedIdleTimeoutMs,
    },
    'embedded',
    onPoolError,
    options.onQuery,
  );
  return {
    ...database,
    close: async () => {
      await database.close();
      await server.stop();
    },
  };
}

function createPostgresDatabase(
  poolConfig: pg.PoolConfig,
  kind: Database['kind'],
  onPoolError: (error: Error) => void,
  onQuery: ((sql: string) => void) | undefined,
): Database {
  const pool = new pg.Pool(poolConfig);
  pool.on('error', onPoolError);
  const db = drizzleNodePostgres({
    client: pool,
    schema,
    ...(onQuery ? { logger: { logQuery: (sql: string) => onQuery(sql) } } : {}),
  });
  return {
    db,
    kind,
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

async function runMigrations(db: Db, migrate: () => Promise<void>): Promise<MigrationReport> {
  const journal = await readJournal(migrationsFolder);
  const before = await appliedMigrations(db);
  await migrate();
  const after = await appliedMigrations(db);
  const applied = journal.filter((entry) => after.has(entry.when) && !before.has(entry.when));
  return { applied: applied.map((entry) => entry.tag) };
}
