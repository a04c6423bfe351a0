import { loadConfig } from '@kirogate/config';
import {
  credentialUsageOf,
  type Db,
  keyUsageOf,
  usageDaily,
  usageDailyByDimension,
  usageEvents,
  usageHourly,
  usageHourlyByDimension,
} from '@kirogate/db';
import { enqueueJob, type UsageEvent } from '@kirogate/jobs';
import { createLogger, createMetrics } from '@kirogate/observability';
import type { JobQueue } from '@kirogate/platform';
import { inArray, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { z } from 'zod';
import { type WorkerSettings, workerConfigFields } from '../../src/config.ts';
import { recomputeRollup } from '../../src/rollups/recompute-rollup.ts';
import { bucketStart } from '../../src/rollups/rollup-grain.ts';
import { percentileCont, type UsageFixture } from './usage-fixture.ts';

export function workerSettings(env: Record<string, string> = {}): WorkerSettings {
  return loadConfig(z.object(workerConfigFields), env);
}

export function quietObservability() {
  return {
    logger: createLogger({ service: 'worker-test', level: 'warn' }),
    metrics: createMetrics('worker-test'),
  };
}

/** Enqueues like the gateway does: `usage.batch` jobs of `size` events, each under its own job id. */
export async function enqueueUsageBatches(
  jobQueue: JobQueue,
  events: readonly UsageEvent[],
  size = 250,
): Promise<void> {
  const jobs: Promise<unknown>[] = [];
  for (let start = 0; start < events.length; start += size) {
    const batch = events.slice(start, start + size);
    jobs.push(
      enqueueJob(jobQueue, 'usageBatch', { events: batch }, { jobId: `usage-${batch[0]!.requestId}` }),
    );
  }
  await Promise.all(jobs);
}

/** Enqueues as gateways did before they batched (one `usage.record` job per event), many at a time. */
export async function enqueueUsage(
  jobQueue: JobQueue,
  events: readonly UsageEvent[],
  chunk = 250,
): Promise<void> {
  for (let start = 0; start < events.length; start += chunk) {
    await Promise.all(
      events
        .slice(start, start + chunk)
        .map((event) => enqueueJob(jobQueue, 'usage', event, { jobId: `usage-${event.requestId}` })),
    );
  }
}

export async function countUsageEvents(db: Db): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::integer as n from usage_events`);
  return Number(result.rows[0]?.n ?? 0);
}

/** Every event stored once; keys and credentials credited exactly once per event. */
export async function expectAccountedOnce(db: Db, fixture: UsageFixture): Promise<void> {
  const { events } = fixture;
  expect(await countUsageEvents(db)).toBe(events.length);
  const stored = await db
    .select({ requestId: usageEvents.requestId })
    .from(usageEvents)
    .where(
      inArray(
        usageEvents.requestId,
        events.slice(0, 100).map((event) => event.requestId),
      ),
    );
  expect(stored).toHaveLength(100);

  // Through the read model user-service and token-broker use; `api_keys` and `credentials` stay untouched.
  const keyUsage = await keyUsageOf(db, fixture.keyIds);
  expect(keyUsage.size).toBe(fixture.keyIds.length);
  for (const [keyId, usage] of keyUsage) {
    const mine = events.filter((event) => event.keyId === keyId);
    expect(usage.requestCount).toBe(mine.length);
    expect(usage.lastUsedAt?.getTime()).toBe(Math.max(...mine.map((event) => Date.parse(event.at))));
  }
  const credentialUsage = await credentialUsageOf(db, fixture.credentialIds);
  expect(credentialUsage.size).toBe(fixture.credentialIds.length);
  for (const [credentialId, usage] of credentialUsage) {
    const mine = events.filter((event) => event.credentialId === credentialId);
    expect(usage.successCount).toBe(mine.filter((event) => event.status === 'success').length);
    expect(usage.failCount).toBe(mine.filter((event) => event.status === 'error').length);
    expect(usage.creditsUsed).toBeCloseTo(
      mine.reduce((sum, event) => sum + event.credits, 0),
      5,
    );
  }
}

/**
 * Recomputes every bucket the events fall in (twice: a rerun must not change anything), then checks
 * sums, errors per class and one group's percentiles against a direct computation.
 */
export async function expectRollupsMatch(db: Db, events: readonly UsageEvent[]): Promise<void> {
  const hours = new Set(events.map((event) => bucketStart('hour', new Date(event.at)).getTime()));
  const days = new Set(events.map((event) => bucketStart('day', new Date(event.at)).getTime()));
  for (let run = 0; run < 2; run += 1) {
    for (const hour of hours) await recomputeRollup(db, 'hour', new Date(hour));
    for (const day of days) await recomputeRollup(db, 'day', new Date(day));
  }
  const hourly = await db
    .select()
    .from(usageHourly)
    .where(
      inArray(
        usageHourly.bucket,
        [...hours].map((hour) => new Date(hour)),
      ),
    );
  const daily = await db
    .select()
    .from(usageDaily)
    .where(
      inArray(
        usageDaily.bucket,
        [...days].map((day) => new Date(day)),
      ),
    );

  const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
    rows.reduce((total, row) => total + value(row), 0);
  for (const rows of [hourly, daily]) {
    expect(sum(rows, (row) => row.requests)).toBe(events.length);
    expect(sum(rows, (row) => row.inputTokens)).toBe(sum(events, (event) => event.inputTokens));
    expect(sum(rows, (row) => row.outputTokens)).toBe(sum(events, (event) => event.outputTokens));
    expect(sum(rows, (row) => row.credits)).toBeCloseTo(
      sum(events, (event) => event.credits),
      4,
    );
    expect(sum(rows, (row) => row.errors)).toBe(events.filter((event) => event.status === 'error').length);
    const byClass: Record<string, number> = {};
    for (const row of rows) {
      for (const [errorClass, n] of Object.entries(row.errorsByClass))
        byClass[errorClass] = (byClass[errorClass] ?? 0) + n;
    }
    const expected: Record<string, number> = {};
    for (const event of events) {
      if (event.status === 'error')
        expected[event.errorClass ?? 'unknown'] = (expected[event.errorClass ?? 'unknown'] ?? 0) + 1;
    }
    expect(byClass).toEqual(expected);
  }

  await expectDimensionsMatch(db, events, hours, days);

  const biggest = [...hourly].sort((a, b) => b.requests - a.requests)[0];
  if (!biggest) throw new Error('no roll-up rows');
  const group = events.filter(
    (event) =>
      bucketStart('hour', new Date(event.at)).getTime() === biggest.bucket.getTime() &&
      event.model === biggest.model &&
      event.api === biggest.api &&
      event.keyId === biggest.keyId &&
      event.credentialId === biggest.credentialId &&
      event.userId === biggest.userId,
  );
  expect(group.length).toBe(biggest.requests);
  const durations = group.map((event) => event.durationMs);
  const ttfts = group.flatMap((event) => (event.ttftMs === null ? [] : [event.ttftMs]));
  // real columns keep about 7 significant digits.
  expect(Math.abs((biggest.durationMsP50 ?? Number.NaN) - percentileCont(durations, 0.5))).toBeLessThan(0.01);
  expect(Math.abs((biggest.durationMsP95 ?? Number.NaN) - percentileCont(durations, 0.95))).toBeLessThan(
    0.01,
  );
  expect(biggest.ttftCount).toBe(ttfts.length);
  expect(Math.abs((biggest.ttftMsP95 ?? Number.NaN) - percentileCont(ttfts, 0.95))).toBeLessThan(0.01);
  expect(biggest.durationMsSum).toBe(sum(durations, (value) => value));
}

const dimensionOf = {
  all: () => '',
  model: (event: UsageEvent) => event.model,
  user: (event: UsageEvent) => event.userId ?? '',
  key: (event: UsageEvent) => event.keyId ?? '',
  credential: (event: UsageEvent) => event.credentialId ?? '',
} as const;

/** Per dimension: every event counted once, and the site's and each model's percentiles exact. */
async function expectDimensionsMatch(
  db: Db,
  events: readonly UsageEvent[],
  hours: ReadonlySet<number>,
  days: ReadonlySet<number>,
): Promise<void> {
  const hourly = await db
    .select()
    .from(usageHourlyByDimension)
    .where(
      inArray(
        usageHourlyByDimension.bucket,
        [...hours].map((hour) => new Date(hour)),
      ),
    );
  const daily = await db
    .select()
    .from(usageDailyByDimension)
    .where(
      inArray(
        usageDailyByDimension.bucket,
        [...days].map((day) => new Date(day)),
      ),
    );
  for (const [grain, rows] of [
    ['hour', hourly],
    ['day', daily],
  ] as const) {
    for (const [dimension, dimensionValue] of Object.entries(dimensionOf)) {
      const mine = rows.filter((row) => row.dimension === dimension);
      expect(mine.reduce((sum, row) => sum + row.requests, 0)).toBe(events.length);
      for (const row of mine) {
        const group = events.filter(
          (event) =>
            bucketStart(grain, new Date(event.at)).getTime() === row.bucket.getTime() &&
            dimensionValue(event) === row.value,
        );
        expect(row.requests).toBe(group.length);
        expect(row.errors).toBe(group.filter((event) => event.status === 'error').length);
        if (dimension !== 'all' && dimension !== 'model') continue;
        const durations = group.map((event) => event.durationMs);
        const ttfts = group.flatMap((event) => (event.ttftMs === null ? [] : [event.ttftMs]));
        for (const [stored, expected] of [
          [row.durationMsP50, percentileCont(durations, 0.5)],
          [row.durationMsP95, percentileCont(durations, 0.95)],
          [row.durationMsP99, percentileCont(durations, 0.99)],
          [row.ttftMsP95, percentileCont(ttfts, 0.95)],
        ] as const) {
          expect(Math.abs((stored ?? Number.NaN) - expected)).toBeLessThan(0.01);
        }
      }
    }
  }
}
