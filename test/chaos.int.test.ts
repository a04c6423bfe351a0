import { decideServiceUse, type MissingService } from '@kirogate/testing';
import { describe, expect, it } from 'vitest';
import { faultHandled, formatChaosTable } from '../bench/chaos/format-chaos-table.ts';
import { findPostgresBin } from '../bench/chaos/postgres-server.ts';
import { hasRedisServer } from '../bench/chaos/redis-server.ts';
import { quickFaults, runChaos } from '../bench/chaos/run-chaos.ts';

/**
 * The small fault matrix of `npm run chaos -- --quick`: the scaled topology (its own Postgres and
 * Redis servers, two gateways, two brokers, user-service, worker, simulator) under steady load through
 * a Redis restart, a broker killed, a gateway stopped mid-stream and a 429 storm.
 */
const missing: MissingService[] = [
  ...(findPostgresBin()
    ? []
    : [{ service: 'postgres' as const, reason: 'no /usr/lib/postgresql/*/bin/postgres' }]),
  ...(hasRedisServer() ? [] : [{ service: 'redis' as const, reason: 'no redis-server on PATH' }]),
];
const use = decideServiceUse(missing, process.env.REQUIRE_SERVICES === '1');

describe('the fault matrix (quick)', () => {
  if (use.action === 'fail') throw new Error(use.reason);
  if (use.action === 'skip') {
    it.skip(`needs ${use.reason}`, () => undefined);
    return;
  }

  it('serves through every fault, cuts no stream and records each request exactly once', async () => {
    const rows = await runChaos({
      only: quickFaults,
      requestsPerSecond: 5,
      phaseMs: 6_000,
      faultAtMs: 1_000,
      outageMs: 3_000,
      keysPerPhase: 2,
      recoveryWaitMs: 60_000,
      usageWaitMs: 60_000,
      log: () => undefined,
    });
    const table = formatChaosTable(rows);
    console.info(table);
    expect(rows.map((row) => row.fault)).toEqual(quickFaults);
    for (const row of rows) {
      expect(faultHandled(row), table).toBe(true);
      expect(row.sent, table).toBe(30);
    }
    const byName = new Map(rows.map((row) => [row.fault, row]));
    // The goals: a short Redis outage and one broker of two dying fail no request at all.
    expect(byName.get('Redis restart')!.succeeded, table).toBe(30);
    expect(byName.get('kill -9 one broker')!.succeeded, table).toBe(30);
    expect(byName.get('SIGTERM one gateway mid-stream')!.succeeded, table).toBe(30);
    // The storm reached callers as 429s in their protocol, not as anything else.
    expect(byName.get('upstream 429 storm')!.expectedErrors, table).toBeGreaterThan(0);
  }, 170_000);
});
