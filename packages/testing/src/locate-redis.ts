import { RedisContainer } from '@testcontainers/redis';
import { Redis } from 'ioredis';
import { containerRuntimeProblem } from './container-runtime-problem.ts';
import { describeFailure, type ServiceLocation } from './service-location.ts';

const localUrl = 'redis://127.0.0.1:6379';
// Only a reachable but busy server waits this long (a missing one refuses at once): every test file
// connects at the same moment when the suite starts, and a slow answer must not read as no server.
const connectTimeoutMs = 10_000;

let located: Promise<ServiceLocation> | undefined;

/**
 * Finds a Redis server for tests: `TEST_REDIS_URL`, else the local server, else a container. Resolved
 * once per process; the container lives until the process exits.
 */
export function locateRedis(): Promise<ServiceLocation> {
  located ??= resolveRedis();
  return located;
}

async function resolveRedis(): Promise<ServiceLocation> {
  const fromEnv = process.env.TEST_REDIS_URL;
  if (fromEnv) {
    const problem = await connectionProblem(fromEnv);
    if (problem) return { available: false, reason: `TEST_REDIS_URL is unreachable (${problem})` };
    return { available: true, url: fromEnv, source: 'env' };
  }
  const localProblem = await connectionProblem(localUrl);
  if (!localProblem) return { available: true, url: localUrl, source: 'local' };
  const runtimeProblem = await containerRuntimeProblem();
  const noLocal = `no Redis on 127.0.0.1:6379 (${localProblem})`;
  if (runtimeProblem) return { available: false, reason: `${noLocal} and ${runtimeProblem}` };
  try {
    const container = await new RedisContainer('redis:7-alpine').start();
    return { available: true, url: container.getConnectionUrl(), source: 'container' };
  } catch (error) {
    return { available: false, reason: `${noLocal} and the container failed (${describeFailure(error)})` };
  }
}

async function connectionProblem(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() only rejects with "Connection is closed"; the event carries the cause (ECONNREFUSED…).
  let cause: unknown;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return describeFailure(cause ?? error);
  } finally {
    client.disconnect();
  }
}
