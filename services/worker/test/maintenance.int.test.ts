import {
  apiKeys,
  createDatabase,
  credentials,
  credentialUsageOf,
  type Database,
  keyUsageOf,
  usageDaily,
  usageEvents,
  usageHourly,
} from '@kirogate/db';
import { enqueueJob, queueNames } from '@kirogate/jobs';
import { createPlatform, type Platform } from '@kirogate/platform';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteOldUsage } from '../src/maintenance/delete-old-usage.ts';
import { deleteOrphanUsageCounters } from '../src/maintenance/delete-orphan-usage-counters.ts';
import { recomputeRollup } from '../src/rollups/recompute-rollup.ts';
import { runRollup } from '../src/rollups/run-rollup.ts';
import { startWorker } from '../src/start-worker.ts';
import { writeUsageBatch } from '../src/usage/write-usage-batch.ts';
import { createUsageFixture, waitFor } from './support/usage-fixture.ts';
import { countUsageEvents, quietObservability, workerSettings } from './support/worker-harness.ts';

describeWithServices(
  'retention, roll-up limits and failed usage jobs',
  { postgres: true, redis: true },
  () => {
    let postgres: TestPostgres;
    let redis: TestRedis;
    let database: Database;
    let platform: Platform;

    beforeAll(async () => {
      postgres = (await getTestPostgres())!;
      redis = (await getTestRedis())!;
      database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
      await database.migrate();
      platform = createPlatform({
        redisUrl: redis.url,
        keyPrefix: redis.keyPrefix,
        commandTimeoutMs: 10_000,
      });
    });
    afterAll(async () => {
      await platform?.close();
      await database?.close();
      await redis?.cleanup();
      await postgres?.cleanup();
    });

    it('deletes raw events past the retention in batches, keeps newer ones and every roll-up', async () => {
      const { db } = database;
      const now = new Date();
      const oldDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 100));
      const fixture = await createUsageFixture(db, 300, 11);
      const old = fixture.events.slice(0, 250).map((event, index) => ({
        ...event,
        at: new Date(oldDay.getTime() + index * 1000).toISOString(),
      }));
      const recent = fixture.events.slice(250);
      await writeUsageBatch(db, [...old, ...recent]);
      expect(await recomputeRollup(db, 'day', oldDay)).toBeGreaterThan(0);

      expect(await deleteOldUsage(db, { retentionDays: 90, batchSize: 100, now })).toBe(250);
      expect(await countUsageEvents(db)).toBe(50);
      const kept = await db.select().from(usageDaily).where(eq(usageDaily.bucket, oldDay));
      expect(kept.reduce((sum, row) => sum + row.requests, 0)).toBe(250);

      // Its raw events are gone, so the old day's roll-up is never recomputed (it would come out empty).
      expect(
        await runRollup('day', { bucket: oldDay.toISOString() }, { db, retentionDays: 90, now: () => now }),
      ).toEqual([]);
      expect((await db.select().from(usageDaily).where(eq(usageDaily.bucket, oldDay))).length).toBe(
        kept.length,
      );
    });

    it('counts usage in its own tables only and drops the counters of deleted keys and credentials', async () => {
      const { db } = database;
      const fixture = await createUsageFixture(db, 200, 13);
      const ownedBefore = {
        keys: await db.select().from(apiKeys).where(inArray(apiKeys.id, fixture.keyIds)),
        credentials: await db
          .select()
          .from(credentials)
          .where(inArray(credentials.id, fixture.credentialIds)),
      };
      await writeUsageBatch(db, fixture.events);
      // user-service's and token-broker's rows are exactly as they were (no counter, no version bump).
      expect(await db.select().from(apiKeys).where(inArray(apiKeys.id, fixture.keyIds))).toEqual(
        ownedBefore.keys,
      );
      expect(
        await db.select().from(credentials).where(inArray(credentials.id, fixture.credentialIds)),
      ).toEqual(ownedBefore.credentials);
      const [goneKey, keptKey] = fixture.keyIds;
      const [goneCredential, keptCredential] = fixture.credentialIds;
      expect((await keyUsageOf(db, fixture.keyIds)).get(goneKey!)?.requestCount).toBe(
        fixture.events.filter((event) => event.keyId === goneKey).length,
      );

      await db.delete(apiKeys).where(eq(apiKeys.id, goneKey!));
      await db.delete(credentials).where(eq(credentials.id, goneCredential!));
      expect(await deleteOrphanUsageCounters(db)).toBeGreaterThanOrEqual(2);
      const keys = await keyUsageOf(db, fixture.keyIds);
      expect(keys.has(goneKey!)).toBe(false);
      expect(keys.get(keptKey!)?.requestCount).toBe(
        fixture.events.filter((event) => event.keyId === keptKey).length,
      );
      const credentialCounters = await credentialUsageOf(db, fixture.credentialIds);
      expect(credentialCounters.has(goneCredential!)).toBe(false);
      expect(credentialCounters.get(keptCredential!)?.successCount).toBe(
        fixture.events.filter((event) => event.credentialId === keptCredential && event.status === 'success')
          .length,
      );
      // Events of a key deleted meanwhile are stored, but no counter comes back for it.
      await writeUsageBatch(
        db,
        fixture.events.slice(0, 20).map((event) => ({ ...event, requestId: `${event.requestId}-late` })),
      );
      expect((await keyUsageOf(db, [goneKey!])).size).toBe(0);
      expect(await deleteOrphanUsageCounters(db)).toBe(0);
    });

    it('fails only the job whose event the database refuses, and lists it among the failed jobs', async () => {
      const { db } = database;
      await db.delete(usageEvents);
      const { events } = await createUsageFixture(db, 40, 12);
      // Valid for the schema, out of range for the integer column.
      const poisoned = { ...events[0]!, requestId: 'poisoned-request', httpStatus: 99_999_999_999 };
      const worker = await startWorker({
        platform,
        db,
        ...quietObservability(),
        config: workerSettings({ USAGE_BATCH_SIZE: '100', USAGE_BATCH_WAIT_MS: '100' }),
      });
      events[1] = { ...events[1]!, ip: 'unknown' };
      for (const event of [...events, poisoned]) {
        await platform.jobQueue.enqueue(queueNames.usage, 'usage.record', event, {
          jobId: `usage-${event.requestId}`,
          attempts: 2,
          backoffMs: 10,
        });
      }
      const failed = await waitFor(
        () => worker.failedJobs(10),
        (jobs) => jobs.usage.length > 0,
      );
      expect(failed.usage).toEqual([
        expect.objectContaining({ id: 'usage-poisoned-request', name: 'usage.record', attempts: 2 }),
      ]);
      // The reason is the database's, without the query and its parameters (the whole batch).
      expect(failed.usage[0]?.error).toBe(
        'database error 22003: value "99999999999" is out of range for type integer',
      );
      expect(failed.credentials).toEqual([]);
      await waitFor(
        () => countUsageEvents(db),
        (count) => count === events.length,
      );
      // An address that does not parse is dropped, not the record.
      const [unknownIp] = await db
        .select({ ip: usageEvents.ip })
        .from(usageEvents)
        .where(eq(usageEvents.requestId, events[1]!.requestId));
      expect(unknownIp).toEqual({ ip: null });
      await worker.stop();
    });

    it('commits the rest of a batch whose one event the database refuses, fails the batch job once retried, and counts nothing twice', async () => {
      const { db } = database;
      await db.delete(usageEvents);
      const { events } = await createUsageFixture(db, 30, 14);
      const poisoned = { ...events[0]!, requestId: 'poisoned-in-batch', httpStatus: 99_999_999_999 };
      const own = createPlatform({
        redisUrl: redis.url,
        keyPrefix: `${redis.keyPrefix}-batch`,
        commandTimeoutMs: 10_000,
      });
      const worker = await startWorker({
        platform: own,
        db,
        ...quietObservability(),
        config: workerSettings({ USAGE_BATCH_SIZE: '100', USAGE_BATCH_WAIT_MS: '50' }),
      });
      await own.jobQueue.enqueue(
        queueNames.usage,
        'usage.batch',
        { events: [...events.slice(0, 10), poisoned, ...events.slice(10)] },
        { jobId: 'usage-batch-with-poison', attempts: 3, backoffMs: 10 },
      );
      const failed = await waitFor(
        () => worker.failedJobs(10),
        (jobs) => jobs.usage.length > 0,
      );
      expect(failed.usage).toEqual([
        expect.objectContaining({ id: 'usage-batch-with-poison', name: 'usage.batch', attempts: 3 }),
      ]);
      expect(failed.usage[0]?.error).toBe(
        'database error 22003: value "99999999999" is out of range for type integer',
      );
      expect(await countUsageEvents(db)).toBe(events.length);
      // Three runs of the batch, one count per event: the retries inserted nothing twice.
      const keys = new Set(events.flatMap((event) => (event.keyId ? [event.keyId] : [])));
      expect(keys.size).toBeGreaterThan(0);
      const counted = await keyUsageOf(db, [...keys]);
      for (const key of keys) {
        expect(counted.get(key)?.requestCount).toBe(events.filter((event) => event.keyId === key).length);
      }
      await worker.stop();
      await own.close();
    });

    it('recomputes the hour and day of events that arrive late, and refreshes the model list', async () => {
      const { db } = database;
      const own = createPlatform({
        redisUrl: redis.url,
        keyPrefix: `${redis.keyPrefix}-late`,
        commandTimeoutMs: 10_000,
      });
      let refreshed = 0;
      const worker = await startWorker({
        platform: own,
        db,
        refreshModels: async () => {
          refreshed += 1;
        },
        ...quietObservability(),
        config: workerSettings({ USAGE_LATE_ROLLUP_DELAY_MS: '100', USAGE_BATCH_WAIT_MS: '20' }),
      });
      const threeDaysAgo = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000);
      const { events } = await createUsageFixture(db, 30, 13);
      const late = events.map((event, index) => ({
        ...event,
        at: new Date(threeDaysAgo.getTime() + index * 1000).toISOString(),
      }));
      // Two batches: the second commits after the first scheduled its recompute, which must cover both.
      const before = await countUsageEvents(db);
      for (const event of late.slice(0, 10)) {
        await enqueueJob(own.jobQueue, 'usage', event, { jobId: `usage-${event.requestId}` });
      }
      await waitFor(
        () => countUsageEvents(db),
        (count) => count >= before + 10,
      );
      for (const event of late.slice(10)) {
        await enqueueJob(own.jobQueue, 'usage', event, { jobId: `usage-${event.requestId}` });
      }
      const sumOf = async (table: typeof usageHourly | typeof usageDaily, bucket: Date) => {
        const result = await db
          .select({ requests: sql<number>`coalesce(sum(${table.requests}), 0)::integer` })
          .from(table)
          .where(eq(table.bucket, bucket));
        return Number(result[0]?.requests ?? 0);
      };
      const dayStart = new Date(Math.floor(threeDaysAgo.getTime() / 86_400_000) * 86_400_000);
      await waitFor(
        async () => [await sumOf(usageHourly, threeDaysAgo), await sumOf(usageDaily, dayStart)],
        ([hour, day]) => hour === late.length && day !== undefined && day >= late.length,
      );
      // The schedule runs the refresh at once on start.
      await waitFor(
        async () => refreshed,
        (count) => count >= 1,
      );
      await worker.stop();
      await own.close();
    });
  },
);
