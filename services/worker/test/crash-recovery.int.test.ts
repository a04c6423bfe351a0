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
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from './support/spawn-worker.ts';
import { createUsageFixture, waitFor } from './support/usage-fixture.ts';
import {
  countUsageEvents,
  enqueueUsage,
  expectAccountedOnce,
  expectRollupsMatch,
} from './support/worker-harness.ts';

const eventCount = 10_000;

describeWithServices('the worker process: kill -9 and SIGTERM', { postgres: true, redis: true }, () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let database: Database;
  let producer: Platform;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    postgres = (await getTestPostgres())!;
    redis = (await getTestRedis())!;
    database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
    await database.migrate();
    producer = createPlatform({ redisUrl: redis.url, keyPrefix: redis.keyPrefix, commandTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    for (const worker of processes) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await producer?.close();
    await database?.close();
    await redis?.cleanup();
    await postgres?.cleanup();
  });

  it('loses nothing and duplicates nothing after kill -9 and a restart', async () => {
    const fixture = await createUsageFixture(database.db, eventCount);
    await enqueueUsage(producer.jobQueue, fixture.events);
    const env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      USAGE_CONCURRENCY: '400',
      USAGE_BATCH_SIZE: '200',
      USAGE_BATCH_WAIT_MS: '50',
    };

    const first = await spawnWorker(env);
    processes.push(first);
    const before = await waitFor(
      () => countUsageEvents(database.db),
      (count) => count >= 1_000 || first.child.exitCode !== null,
      10,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited, first.output()).toBe('SIGKILL');
    const atKill = await countUsageEvents(database.db);
    const stranded = await producer.jobQueue.counts(queueNames.usage);
    console.info(`killed with ${atKill} events stored (${before} seen), ${stranded.active} jobs active`);
    // The dead worker held jobs whose batch had not committed: BullMQ must hand them out again.
    expect(atKill).toBeLessThan(eventCount);
    expect(stranded.active).toBeGreaterThan(0);

    const second = await spawnWorker(env);
    processes.push(second);
    // Stranded jobs come back once their lock expires (BullMQ's stalled-job check, about 30 s).
    await waitFor(
      () => producer.jobQueue.counts(queueNames.usage),
      (counts) => counts.waiting + counts.active + counts.delayed === 0 || second.child.exitCode !== null,
      250,
    );
    expect(second.child.exitCode, second.output()).toBeNull();
    expect((await producer.jobQueue.counts(queueNames.usage)).failed).toBe(0);
    await expectAccountedOnce(database.db, fixture);
    await expectRollupsMatch(database.db, fixture.events);

    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);
  }, 240_000);

  it('on SIGTERM writes the batch it holds, strands no job and exits 0', async () => {
    const keyPrefix = `${redis.keyPrefix}-term`;
    const queue = createPlatform({ redisUrl: redis.url, keyPrefix, commandTimeoutMs: 10_000 });
    try {
      const before = await countUsageEvents(database.db);
      const { events } = await createUsageFixture(database.db, 2_000, 31);
      await enqueueUsage(queue.jobQueue, events);
      // The batch never fills and would wait a minute: only the shutdown writes it.
      const worker = await spawnWorker({
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: keyPrefix,
        USAGE_CONCURRENCY: '300',
        USAGE_BATCH_SIZE: '10000',
        USAGE_BATCH_WAIT_MS: '60000',
      });
      processes.push(worker);
      await waitFor(
        () => queue.jobQueue.counts(queueNames.usage),
        (counts) => counts.active === 300 || worker.child.exitCode !== null,
      );
      expect(await countUsageEvents(database.db), worker.output()).toBe(before);
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
      const counts = await queue.jobQueue.counts(queueNames.usage);
      const written = (await countUsageEvents(database.db)) - before;
      expect(written).toBeGreaterThanOrEqual(300);
      expect(counts.active).toBe(0);
      expect(written + counts.waiting).toBe(events.length);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
