import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServiceRuntime } from '../src/service-runtime.ts';

/**
 * The runtime's shutdown against real Postgres and Redis: readiness turns 503 before anything else
 * stops, the service's own steps run in phase order while the database and Redis still answer, and
 * the platform and database close last.
 */
describeWithServices('service runtime shutdown', { postgres: true, redis: true }, () => {
  let postgres: TestPostgres;
  let redis: TestRedis;

  beforeAll(async () => {
    postgres = (await getTestPostgres())!;
    redis = (await getTestRedis())!;
  });
  afterAll(async () => {
    await redis?.cleanup();
    await postgres?.cleanup();
  });

  it('stops accepting, drains, closes clients, then closes the platform and the database', async () => {
    const runtime = createServiceRuntime({
      SERVICE_NAME: 'runtime-test',
      LOG_LEVEL: 'silent',
      METRICS_HOST: '127.0.0.1',
      METRICS_PORT: 0,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
    const database = await runtime.openDatabase(
      { DATABASE_URL: postgres.url, DATA_DIR: '/nonexistent', DATABASE_POOL_MAX: 2 },
      'always',
    );
    const admin = await runtime.serveAdmin(async () => ({ ok: true, checks: {} }));
    const readyz = async () => (await fetch(`http://127.0.0.1:${admin.port}/readyz`)).status;
    const alive = async (check: () => Promise<unknown>) =>
      check().then(
        () => true,
        () => false,
      );
    expect(await readyz()).toBe(200);
    const counter = runtime.metrics.counter({ name: 'runtime_test_total', help: 'test' });
    counter.inc();

    const seen: string[] = [];
    // Registered out of order on purpose: the phase decides, not the registration.
    runtime.onStop('closeClients', 'client', async () => {
      seen.push(
        `closeClients database=${await alive(() => database.ping())} redis=${await alive(() => runtime.platform.ping())}`,
      );
    });
    runtime.onStop('drain', 'requests', async () => {
      seen.push(`drain ready=${await readyz()} database=${await alive(() => database.ping())}`);
    });
    runtime.onStop('stopAccepting', 'listener', async () => {
      seen.push(`stopAccepting ready=${await readyz()}`);
      // Metrics stay scrapeable while the service drains.
      const metrics = await (await fetch(`http://127.0.0.1:${admin.port}/metrics`)).text();
      seen.push(`metrics ${/^kirogate_runtime_test_total(\{[^}]*\})? 1$/m.test(metrics)}`);
    });

    expect(runtime.stopping).toBe(false);
    await runtime.stop();
    expect(runtime.stopping).toBe(true);
    expect(seen).toEqual([
      'stopAccepting ready=503',
      'metrics true',
      'drain ready=503 database=true',
      'closeClients database=true redis=true',
    ]);
    expect(await alive(() => database.ping())).toBe(false);
    expect(await alive(() => fetch(`http://127.0.0.1:${admin.port}/healthz`))).toBe(false);
  });
});
