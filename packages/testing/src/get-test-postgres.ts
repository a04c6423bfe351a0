import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { locatePostgres } from './locate-postgres.ts';

export interface TestPostgres {
  /** Connection URL of a database created for this fixture alone. */
  readonly url: string;
  readonly database: string;
  /** Drops the database, closing any connection still open on it. */
  cleanup(): Promise<void>;
}

/** A fresh, empty database per call, so test files can run in parallel; undefined without a server. */
export async function getTestPostgres(): Promise<TestPostgres | undefined> {
  const server = await locatePostgres();
  if (!server.available) return undefined;
  const database = `kg_test_${randomBytes(6).toString('hex')}`;
  await onServer(server.url, `CREATE DATABASE ${database}`);
  return {
    url: withDatabase(server.url, database),
    database,
    cleanup: () => onServer(server.url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
