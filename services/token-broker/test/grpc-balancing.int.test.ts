import { randomBytes } from 'node:crypto';
import {
  createGrpcClient,
  type GrpcClient,
  loadTokenBrokerProto,
  type TokenBrokerServiceClient,
} from '@kirogate/grpc';
import { startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrokerProcess, spawnBroker, testInternalToken } from './support/broker-process.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const serverLease = { caller: { server: {} }, model: 'claude-sonnet-4.5', sessionKey: '', exclude: [] };

/** Calls of one method this broker process has answered with OK, read from its own /metrics. */
async function callsServed(broker: BrokerProcess, method: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${broker.adminPort}/metrics`)).text();
  const pattern = new RegExp(
    `^kirogate_grpc_server_handled_seconds_count\\{[^}]*method="${method}"[^}]*code="OK"[^}]*\\} (\\d+)`,
    'm',
  );
  return Number(pattern.exec(text)?.[1] ?? 0);
}

const leasesServed = (broker: BrokerProcess) => callsServed(broker, 'LeaseCredential');

/**
 * The client channel as every service builds it, on a target that resolves to two real token-broker
 * processes (as a headless Service's DNS name does in Kubernetes): calls go round-robin to both, and
 * one broker stopping costs no call.
 */
describeWithServices(
  'gRPC clients balance over token-broker replicas',
  { postgres: true, redis: true },
  () => {
    let sim: Awaited<ReturnType<typeof startKiroSim>>;
    let services: SharedServices;
    let brokers: BrokerProcess[] = [];
    let client: GrpcClient<TokenBrokerServiceClient>;

    beforeAll(async () => {
      sim = await startKiroSim({});
      services = await sharedServices();
      const env = {
        DATABASE_URL: services.postgres.url,
        REDIS_URL: services.redis.url,
        REDIS_KEY_PREFIX: services.redis.keyPrefix,
        TOKEN_ENCRYPT_KEY: services.encryptKey,
        REFRESH_TOKEN: `aor${randomBytes(120).toString('base64url')}`,
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
      };
      // One after the other: both migrate-free (the database is migrated), but the first refresh is shared.
      brokers = [await spawnBroker(env), await spawnBroker(env)];
      client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
        target: `ipv4:${brokers.map((broker) => `127.0.0.1:${broker.grpcPort}`).join(',')}`,
        deadlineMs: 20_000,
        auth: { token: testInternalToken },
      });
    });

    afterAll(async () => {
      client?.close();
      await Promise.all(brokers.map((broker) => broker.stop()));
      await sim?.close();
      await services?.cleanup();
    });

    async function leaseAndReturn(): Promise<void> {
      const lease = await client.call('leaseCredential', serverLease);
      await client.call('reportOutcome', {
        reports: [{ leaseId: lease.leaseId, kind: 'OUTCOME_KIND_SUCCESS', latencyMs: 1 }],
      });
    }

    it('sends leases to both brokers from one client', async () => {
      // Leases only: round-robin alternates per call, so lease + report pairs would land in lockstep.
      // The channel connects to the second broker a few milliseconds after the first; leases sent
      // before that all go to the first, so the client keeps leasing until both have served some.
      // (pick_first would send every lease to one broker, for good.)
      const leases = [];
      let served: number[] = [];
      for (let n = 0; n < 200; n++) {
        leases.push(await client.call('leaseCredential', serverLease));
        served = await Promise.all(brokers.map(leasesServed));
        if (served.every((count) => count >= 5)) break;
      }
      expect(served.every((count) => count >= 5)).toBe(true);
      expect(served.reduce((sum, count) => sum + count, 0)).toBe(leases.length);
      await client.call('reportOutcome', {
        reports: leases.map((lease) => ({
          leaseId: lease.leaseId,
          kind: 'OUTCOME_KIND_SUCCESS',
          latencyMs: 1,
        })),
      });
    });

    it('routes around a broker that stops, without a failed call', async () => {
      const [leaving, staying] = brokers as [BrokerProcess, BrokerProcess];
      const stayingBefore = await leasesServed(staying);
      let stopped = false;
      const results: PromiseSettledResult<void>[] = [];
      // Calls keep flowing, one after another, before, during and after the broker's SIGTERM.
      const traffic = (async () => {
        for (let n = 0; n < 400 && !(stopped && n > 0 && results.length >= 40); n++) {
          results.push(...(await Promise.allSettled([leaseAndReturn()])));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await leaving.stop();
      stopped = true;
      const afterStop = results.length;
      await traffic;
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(results.length).toBeGreaterThan(afterStop);
      // Everything after the stop went to the remaining broker.
      expect((await leasesServed(staying)) - stayingBefore).toBeGreaterThanOrEqual(
        results.length - afterStop,
      );
    });
  },
);
