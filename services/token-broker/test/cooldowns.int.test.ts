import { randomBytes } from 'node:crypto';
import type { LeaseRequest } from '@kirogate/contracts';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SharedSchedulerState } from '../src/shared-scheduler-state.ts';
import { type InProcessBroker, inProcessBroker, serverRecord } from './support/in-process-broker.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const token = (tag: string) => `aor${tag}${randomBytes(90).toString('base64url')}`;

/**
 * Each cooldown class, driven by the simulator's faults and account states, over two broker replicas
 * sharing Postgres and Redis: what one replica learns from an outcome, the other acts on at once.
 */
describeWithServices(
  'token-broker cooldowns and quarantine (two replicas)',
  { postgres: true, redis: true },
  () => {
    let sim: KiroSim;
    let services: SharedServices;
    let one: InProcessBroker;
    let two: InProcessBroker;
    const tokenA = token('A');
    const tokenB = token('B');
    let idA: string;
    let idB: string;

    beforeEach(async () => {
      sim = await startKiroSim();
      services = await sharedServices();
      const records = [serverRecord(tokenA, 'a'), serverRecord(tokenB, 'b')];
      one = await inProcessBroker(services, sim, records);
      two = await inProcessBroker(services, sim, records);
      const stored = await one.core.store.list();
      idA = stored.find((record) => record.refreshToken === tokenA)!.id;
      idB = stored.find((record) => record.refreshToken === tokenB)!.id;
    });

    afterEach(async () => {
      await one?.close();
      await two?.close();
      await sim?.close();
      await services?.cleanup();
    });

    /** A lease on A: B is excluded (as after a failed attempt on it). */
    const onA: LeaseRequest = { caller: { kind: 'server' }, model: 'claude-sonnet-4.5', exclude: [] };
    const leaseA = async (broker: InProcessBroker) => {
      const lease = await broker.core.broker.lease({ ...onA, exclude: [idB] });
      expect(lease.credentialId).toBe(idA);
      return lease;
    };

    /** Serves `n` requests on `broker`; every one must land on B and succeed. */
    async function othersKeepServing(broker: InProcessBroker, n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        const lease = await broker.core.broker.lease({
          caller: { kind: 'server' },
          model: 'claude-sonnet-4.5',
        });
        expect(lease.credentialId).toBe(idB);
        const outcome = await broker.use(lease);
        expect(outcome.kind).toBe('success');
        await broker.core.broker.settle(lease.leaseId, outcome);
      }
    }

    it('throttled: backs off for Retry-After, on every replica, while the other credential serves', async () => {
      const lease = await leaseA(one);
      sim.queueFaults('throttled:30', 1);
      const outcome = await one.use(lease);
      expect(outcome).toMatchObject({ kind: 'throttled', retryAfterSeconds: 30 });
      const before = Date.now();
      await one.core.broker.settle(lease.leaseId, outcome);
      await othersKeepServing(two, 10);
      const pool = await two.core.broker.poolStatus();
      expect(pool.coolingDown).toBe(1);
      expect(pool.byStatus.active).toBe(2);
      // With B excluded there is nothing to offer while A cools down.
      const refused = await two.core.broker
        .lease({ ...onA, exclude: [idB] })
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'NO_CREDENTIAL_AVAILABLE' });
      // The caller is told when A is back, not a guess: what is left of the 30 s (the ten requests
      // above take a while on a busy machine, so the bound is measured, not assumed).
      const retryAfter = (refused as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
      expect(retryAfter).toBeGreaterThanOrEqual(Math.floor(30 - (Date.now() - before) / 1000));
      expect(retryAfter).toBeLessThanOrEqual(30);
      // The cooldown is the hinted 30 s (longer than the 5 s first backoff), in the shared state.
      const health = await new SharedSchedulerState(two.platform.cache).health(idA);
      expect(health.coolingReason).toBe('throttled');
      expect(health.coolingUntil).toBeGreaterThanOrEqual(before + 30_000);
      expect(health.coolingUntil).toBeLessThanOrEqual(Date.now() + 30_000);
    });

    it('quota-exhausted: rests until the reset date from getUsageLimits', async () => {
      sim.setTokenState(tokenA, 'quota-exhausted');
      const lease = await leaseA(one);
      const outcome = await one.use(lease);
      expect(outcome.kind).toBe('quota-exhausted');
      await one.core.broker.settle(lease.leaseId, outcome);
      const now = new Date();
      const firstOfNextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
      const stored = await two.core.store.get(idA);
      expect(stored?.status).toBe('quota_exhausted');
      expect(stored?.statusUntil?.getTime()).toBe(firstOfNextMonth);
      await othersKeepServing(two, 5);
    });

    it('suspended: quarantined; the next request on any replica avoids it while others keep serving', async () => {
      sim.setTokenState(tokenA, 'suspended');
      const lease = await leaseA(one);
      const outcome = await one.use(lease);
      expect(outcome.kind).toBe('suspended');
      await one.core.broker.settle(lease.leaseId, outcome);
      await othersKeepServing(two, 1);
      await othersKeepServing(one, 5);
      const stored = await two.core.store.get(idA);
      expect(stored?.status).toBe('suspended');
      expect(stored?.statusReason).toMatch(/suspended/);
      expect((await one.core.broker.poolStatus()).byStatus.suspended).toBe(1);
    });

    it('bearer invalid: one forced refresh (RefreshLease); rejected again, the credential is disabled', async () => {
      const lease = await leaseA(one);
      const refreshesBefore = Object.values(sim.stats().refreshesByToken).reduce((sum, n) => sum + n, 0);
      sim.queueFaults('stale-token', 2);
      expect((await one.use(lease)).kind).toBe('unauthorized');
      // The gateway's reaction, here on the other replica: the lease is shared state.
      const refreshed = await two.core.broker.refreshLease(lease.leaseId);
      expect(refreshed.accessToken).not.toBe(lease.accessToken);
      const refreshesAfter = Object.values(sim.stats().refreshesByToken).reduce((sum, n) => sum + n, 0);
      expect(refreshesAfter).toBe(refreshesBefore + 1);
      const second = await one.use(refreshed);
      expect(second.kind).toBe('unauthorized');
      await one.core.broker.settle(lease.leaseId, second);
      const stored = await two.core.store.get(idA);
      expect(stored?.status).toBe('invalid');
      expect(stored?.statusReason).toMatch(/rejected/);
      await othersKeepServing(two, 3);
    });

    it('bearer invalid once, then a working refresh: the credential stays in rotation', async () => {
      const lease = await leaseA(one);
      sim.queueFaults('stale-token', 1);
      expect((await one.use(lease)).kind).toBe('unauthorized');
      const refreshed = await one.core.broker.refreshLease(lease.leaseId);
      const outcome = await one.use(refreshed);
      expect(outcome.kind).toBe('success');
      await one.core.broker.settle(lease.leaseId, outcome);
      expect((await two.core.store.get(idA))?.status).toBe('active');
    });

    it('invalid_grant: disabled permanently with the reason recorded; leases move to another credential', async () => {
      sim.setTokenState(tokenA, 'revoked');
      await expect(one.core.broker.lease({ ...onA, exclude: [idB] })).rejects.toMatchObject({
        code: 'NO_CREDENTIAL_AVAILABLE',
      });
      const stored = await two.core.store.get(idA);
      expect(stored?.status).toBe('invalid');
      expect(stored?.statusReason).toMatch(/Invalid refresh token provided/);
      expect(stored?.statusReason).not.toContain(tokenA.slice(3, 30));
      await othersKeepServing(two, 3);
    });
  },
);
