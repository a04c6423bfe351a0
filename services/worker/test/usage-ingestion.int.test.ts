import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '@kirogate/db';
import { queueNames } from '@kirogate/jobs';
import { createPlatform, type Platform } from '@kirogate/platform';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/start-worker.ts';
import { createUsageFixture, waitFor } from './support/usage-fixture.ts';
import {
  countUsageEvents,
  enqueueUsage,
  enqueueUsageBatches,
  expectAccountedOnce,
  expectRollupsMatch,
  quietObservability,
  workerSettings,
} from './support/worker-harness.ts';

const eventCount = 10_000;

/**
 * Enqueues the events as the gateway does, in `usage.batch` jobs, plus redeliveries of 500 of them as
 * a gateway of the previous release sent them (one `usage.record` job each), before the worker starts;
 * then times the worker draining the queue. Returns events per second.
 */
async function ingestAll(platform: Platform, database: Database, label: string) {
  const fixture = await createUsageFixture(database.db, eventCount);
  await enqueueUsageBatches(platform.jobQueue, fixture.events);
  const redelivered = fixture.events.slice(0, 500).map((event) => ({ ...event }));
  for (const event of redelivered) {
    await platform.jobQueue.enqueue(queueNames.usage, 'usage.record', event, {
      jobId: `again-${event.requestId}`,
      attempts: 5,
      backoffMs: 100,
    });
  }
  const started = performance.now();
  const observability = quietObservability();
  const worker = await startWorker({
    platform,
    db: database.db,
    ...observability,
    config: workerSettings({ USAGE_CONCURRENCY: '1000', USAGE_BATCH_SIZE: '500', USAGE_BATCH_WAIT_MS: '50' }),
  });
  await waitFor(
    () => countUsageEvents(database.db),
    (count) => count >= eventCount,
  );
  await waitFor(
    () => platform.jobQueue.counts(queueNames.usage),
    (counts) => counts.waiting + counts.active + counts.delayed === 0,
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round((eventCount + redelivered.length) / seconds);
  console.info(
    `[${label}] ${eventCount} events + ${redelivered.length} redeliveries in ${seconds.toFixed(2)} s: ${rate} events/s`,
  );
  expect((await platform.jobQueue.counts(queueNames.usage)).failed).toBe(0);
  const exposition = await observability.metrics.registry.metrics();
  expect(exposition).toMatch(/kirogate_worker_usage_events_total\{result="inserted"[^}]*\} 10000\n/);
  expect(exposition).toMatch(/kirogate_worker_usage_events_total\{result="duplicate"[^}]*\} 500\n/);
  expect(exposition).toMatch(/kirogate_worker_queue_jobs\{queue="usage",state="waiting"[^}]*\} 0\n/);
  await worker.stop();
  return fixture;
}

describeWithServices('usage ingestion on BullMQ and Postgres', { postgres: true, redis: true }, () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let database: Database;
  let platform: Platform;

  beforeAll(async () => {
    postgres = (await getTestPostgres())!;
    redis = (await getTestRedis())!;
    database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
    await database.migrate();
    platform = createPlatform({ redisUrl: redis.url, keyPrefix: redis.keyPrefix, commandTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    await platform?.close();
    await database?.close();
    await redis?.cleanup();
    await postgres?.cleanup();
  });

  it('stores 10,000 events exactly once, credits keys and credentials once, and rolls them up', async () => {
    const fixture = await ingestAll(platform, database, 'postgres + bullmq');
    await expectAccountedOnce(database.db, fixture);
    await expectRollupsMatch(database.db, fixture.events);
  }, 300_000);

  it('on stop writes the batch it holds and strands no job', async () => {
    const own = createPlatform({
      redisUrl: redis.url,
      keyPrefix: `${redis.keyPrefix}-stop`,
      commandTimeoutMs: 10_000,
    });
    const before = await countUsageEvents(database.db);
    const { events } = await createUsageFixture(database.db, 2_000, 21);
    await enqueueUsage(own.jobQueue, events);
    // The batch never fills and would wait a minute: only stop() writes it.
    const worker = await startWorker({
      platform: own,
      db: database.db,
      ...quietObservability(),
      config: workerSettings({
        USAGE_CONCURRENCY: '300',
        USAGE_BATCH_SIZE: '10000',
        USAGE_BATCH_WAIT_MS: '60000',
      }),
    });
    await waitFor(
      () => own.jobQueue.counts(queueNames.usage),
      (counts) => counts.active === 300,
    );
    expect(await countUsageEvents(database.db)).toBe(before);
    await worker.stop();
    await own.close();
    const inspector = createPlatform({
      redisUrl: redis.url,
      keyPrefix: `${redis.keyPrefix}-stop`,
      commandTimeoutMs: 10_000,
    });
    const counts = await inspector.jobQueue.counts(queueNames.usage);
    await inspector.close();
    const written = (await countUsageEvents(database.db)) - before;
    expect(written).toBeGreaterThanOrEqual(300);
    expect(counts.active).toBe(0);
    expect(written + counts.waiting).toBe(events.length);
  }, 120_000);
});

describe('usage ingestion on the in-process queue and the embedded Postgres server (standalone)', () => {
  let dataDir: string;
  let database: Database;
  let platform: Platform;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kg-worker-'));
    database = await createDatabase({ dataDir });
    await database.migrate();
    platform = createPlatform({ keyPrefix: 'kg-worker-test' });
  });
  afterAll(async () => {
    await platform?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores 10,000 events exactly once, credits keys and credentials once, and rolls them up', async () => {
    const fixture = await ingestAll(platform, database, 'embedded postgres + memory queue');
    await expectAccountedOnce(database.db, fixture);
    await expectRollupsMatch(database.db, fixture.events);
  }, 300_000);

  it('on stop writes the batch it holds and the jobs still waiting in process', async () => {
    const own = createPlatform({ keyPrefix: 'kg-worker-stop' });
    const before = await countUsageEvents(database.db);
    const { events } = await createUsageFixture(database.db, 2_000, 22);
    await enqueueUsage(own.jobQueue, events);
    const worker = await startWorker({
      platform: own,
      db: database.db,
      ...quietObservability(),
      config: workerSettings({
        USAGE_CONCURRENCY: '300',
        USAGE_BATCH_SIZE: '10000',
        USAGE_BATCH_WAIT_MS: '60000',
      }),
    });
    await waitFor(
      () => own.jobQueue.counts(queueNames.usage),
      (counts) => counts.active === 300,
    );
    expect(await countUsageEvents(database.db)).toBe(before);
    await worker.stop();
    await own.close();
    expect((await countUsageEvents(database.db)) - before).toBe(events.length);
  }, 120_000);
});
