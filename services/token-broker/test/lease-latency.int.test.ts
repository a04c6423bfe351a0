import { randomBytes } from 'node:crypto';
import type { LeaseRequest } from '@kirogate/contracts';
import { GrpcCredentialBroker } from '@kirogate/grpc';
import { startKiroSim } from '@kirogate/kiro-sim';
import { createMetrics } from '@kirogate/observability';
import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  defaultLeaseReuse,
  ReusingCredentialBroker,
} from '../../api-gateway/src/broker/reusing-credential-broker.ts';
import { type BrokerProcess, spawnBroker, testInternalToken } from './support/broker-process.ts';
import { inProcessBroker, serverRecord } from './support/in-process-broker.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const rounds = Number(process.env.LEASE_LATENCY_ROUNDS ?? 500);
const request: LeaseRequest = { caller: { kind: 'server' }, model: 'claude-sonnet-4.5' };

/**
 * What a lease costs the gateway over gRPC (token broker in its own process on Postgres and Redis),
 * with and without the gateway's lease cache. Prints the distribution; asserts only what the cache
 * must do (far fewer LeaseCredential calls), never a duration.
 */
describeWithServices('lease latency over gRPC', { postgres: true, redis: true }, () => {
  let sim: Awaited<ReturnType<typeof startKiroSim>>;
  let services: SharedServices;
  let broker: BrokerProcess;
  const refreshToken = `aor${randomBytes(120).toString('base64url')}`;

  beforeAll(async () => {
    sim = await startKiroSim();
    services = await sharedServices();
    broker = await spawnBroker({
      DATABASE_URL: services.postgres.url,
      REDIS_URL: services.redis.url,
      REDIS_KEY_PREFIX: services.redis.keyPrefix,
      TOKEN_ENCRYPT_KEY: services.encryptKey,
      REFRESH_TOKEN: refreshToken,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      // Measuring the RPC, not the scheduler: reports trail leases by a round trip.
      MAX_IN_FLIGHT_PER_CREDENTIAL: '1000',
    });
  });

  afterAll(async () => {
    await broker?.stop();
    await sim?.close();
    await services?.cleanup();
  });

  async function measure(
    leaseCacheMs: number,
  ): Promise<{ p50: number; p90: number; p99: number; rpcs: number }> {
    const metrics = createMetrics('latency');
    const grpc = new GrpcCredentialBroker({
      target: `127.0.0.1:${broker.grpcPort}`,
      deadlineMs: 5_000,
      maxQueuedReports: 10_000,
      auth: { token: testInternalToken },
      metrics,
    });
    const client = new ReusingCredentialBroker(grpc, { ...defaultLeaseReuse, leaseCacheMs }, { metrics });
    for (let i = 0; i < 50; i++)
      client.report((await client.lease(request)).leaseId, { kind: 'success', latencyMs: 1 });
    const samples = await sample(client);
    await client.close();
    const misses = await metrics.registry.getSingleMetricAsString('kirogate_broker_lease_cache_total');
    const rpcs = Number(/result="miss"[^}]*\} (\d+)/.exec(misses)?.[1] ?? 0);
    return { ...percentiles(samples), rpcs };
  }

  async function sample(broker: {
    lease(request: LeaseRequest): Promise<{ leaseId: string }>;
    report(leaseId: string, outcome: { kind: 'success'; latencyMs: number }): void;
  }): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const lease = await broker.lease(request);
      samples.push(performance.now() - started);
      broker.report(lease.leaseId, { kind: 'success', latencyMs: 1 });
    }
    return samples;
  }

  function percentiles(samples: number[]): { p50: number; p90: number; p99: number } {
    samples.sort((a, b) => a - b);
    const at = (q: number) =>
      Number((samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(3));
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
  }

  it('costs one RPC per request without the lease cache, a fraction of one with it', async () => {
    const uncached = await measure(0);
    const cached = await measure(defaultLeaseReuse.leaseCacheMs);
    // The broker's own work, without gRPC: the same core in this process on the same Postgres and Redis.
    const local = await inProcessBroker(services, sim, [serverRecord(refreshToken, 'latency')]);
    const direct = percentiles(await sample(local.core.broker));
    await local.core.broker.drain();
    await local.close();
    console.log(
      `lease latency (ms, ${rounds} sequential leases): ` +
        `over gRPC without lease cache p50 ${uncached.p50} p90 ${uncached.p90} p99 ${uncached.p99} (${uncached.rpcs} RPCs); ` +
        `with lease cache p50 ${cached.p50} p90 ${cached.p90} p99 ${cached.p99} (${cached.rpcs} RPCs); ` +
        `in-process broker p50 ${direct.p50} p90 ${direct.p90} p99 ${direct.p99}`,
    );
    expect(uncached.rpcs).toBe(rounds + 50);
    expect(cached.rpcs).toBeLessThan((rounds + 50) / 4);
  });
});
