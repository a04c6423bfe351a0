import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { Client } from 'pg';
import { containerRuntimeProblem } from './container-runtime-problem.ts';
import { describeFailure, type ServiceLocation } from './service-location.ts';

const localUrl = 'postgres://postgres@127.0.0.1:5432/test';
// Only a reachable but busy server waits this long (a missing one refuses at once): every test file
// connects at the same moment when the suite starts, and a slow answer must not read as no server.
const connectTimeoutMs = 10_000;

let located: Promise<ServiceLocation> | undefined;

/**
 * Finds a Postgres server on which tests may create databases: `TEST_DATABASE_URL`, else the local
 * server, else a container. Resolved once per process; the container lives until the process exits.
 */
export function locatePostgres(): Promise<ServiceLocation> {
  located ??= resolvePostgres();
  return located;
}

async function resolvePostgres(): Promise<ServiceLocation> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    const problem = await connectionProblem(fromEnv);
    // An explicit URL that fails is a broken setup, not a reason to test against something else.
    if (problem) return { available: false, reason: `TEST_DATABASE_URL is unreachable (${problem})` };
    return { available: true, url: fromEnv, source: 'env' };
  }
  const localProblem = await connectionProblem(localUrl);
  if (!localProblem) return { available: true, url: localUrl, source: 'local' };
  const runtimeProblem = await containerRuntimeProblem();
  const noLocal = `no Postgres on 127.0.0.1:5432 (${localProblem})`;
  if (runtimeProblem) return { available: false, reason: `${noLocal} and ${runtimeProblem}` };
  try {
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return { available: true, url: container.getConnectionUri(), source: 'container' };
  } catch (error) {
    return { available: false, reason: `${noLocal} and the container failed (${describeFailure(error)})` };
  }
}

async function connectionProblem(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return describeFailure(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
