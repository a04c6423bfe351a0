import type { LeaseRequest } from '@kirogate/contracts';
import {
  type AsyncHandlers,
  GrpcCredentialBroker,
  type LeaseOutcomeReport__Output,
  loadTokenBrokerProto,
  type RunningGrpcServer,
  startGrpcServer,
  type TokenBrokerServiceHandlers,
  tokenBrokerServiceName,
  unaryHandlers,
} from '@kirogate/grpc';
import { createMetrics } from '@kirogate/observability';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultLeaseReuse,
  type LeaseReuseSettings,
  ReusingCredentialBroker,
} from './reusing-credential-broker.ts';

/**
 * The gateway's broker client against a real gRPC server on loopback whose TokenBrokerService hands
 * out numbered leases and records what reaches it.
 */
interface BrokerSide {
  leases: number;
  refreshes: number;
  reports: LeaseOutcomeReport__Output[];
  nextReport: () => Promise<void>;
}

let server: RunningGrpcServer;
let side: BrokerSide;
let reportArrived: (() => void) | undefined;

async function startBrokerSide(port = 0): Promise<void> {
  const handlers: Partial<AsyncHandlers<TokenBrokerServiceHandlers>> = {
    LeaseCredential: async (request) => {
      side.leases += 1;
      const credential = request.exclude.includes('cred-1') ? 'cred-2' : 'cred-1';
      return {
        leaseId: `broker-lease-${side.leases}`,
        credentialId: credential,
        accessToken: `aoa-token-${side.leases}`,
        authKind: 'AUTH_KIND_SOCIAL',
        region: 'us-east-1',
        profileArn: '',
        machineId: 'a'.repeat(64),
        expiresAtMs: Date.now() + 3_600_000,
      };
    },
    RefreshLease: async (request) => {
      side.refreshes += 1;
      return {
        leaseId: request.leaseId,
        credentialId: 'cred-1',
        accessToken: `aoa-refreshed-${side.refreshes}`,
        authKind: 'AUTH_KIND_SOCIAL',
        region: 'us-east-1',
        profileArn: '',
        machineId: 'a'.repeat(64),
        expiresAtMs: Date.now() + 3_600_000,
      };
    },
    ReportOutcome: async (request) => {
      side.reports.push(...request.reports);
      reportArrived?.();
      return { ignored: 0 };
    },
  };
  server = await startGrpcServer({
    host: '127.0.0.1',
    port,
    services: [
      {
        name: tokenBrokerServiceName,
        definition: loadTokenBrokerProto().TokenBrokerService.service,
        implementation: unaryHandlers(handlers as AsyncHandlers<TokenBrokerServiceHandlers>),
      },
    ],
  });
}

const request: LeaseRequest = { caller: { kind: 'server' }, model: 'claude-sonnet-4.5' };

function client(overrides: Partial<LeaseReuseSettings> = {}) {
  const metrics = createMetrics('test');
  const grpc = new GrpcCredentialBroker({
    target: `127.0.0.1:${server.port}`,
    deadlineMs: 10_000,
    maxQueuedReports: 10_000,
    metrics,
  });
  const broker = new ReusingCredentialBroker(
    grpc,
    { ...defaultLeaseReuse, leaseCacheMs: 60_000, idleLingerMs: 60_000, ...overrides },
    { metrics },
  );
  return { broker, metrics };
}

beforeEach(async () => {
  side = {
    leases: 0,
    refreshes: 0,
    reports: [],
    nextReport: () =>
      new Promise<void>((resolve) => {
        reportArrived = resolve;
      }),
  };
  await startBrokerSide();
});

afterEach(async () => {
  await server.shutdown(100);
});

describe('ReusingCredentialBroker over GrpcCredentialBroker', () => {
  it('reuses one broker lease for the same caller and model, and reports it once when the last request ends', async () => {
    const { broker } = client();
    const leases = [];
    for (let i = 0; i < 5; i++) leases.push(await broker.lease(request));
    expect(side.leases).toBe(1);
    expect(new Set(leases.map((lease) => lease.leaseId)).size).toBe(5);
    expect(new Set(leases.map((lease) => lease.accessToken))).toEqual(new Set(['aoa-token-1']));
    for (const lease of leases)
      broker.report(lease.leaseId, { kind: 'success', latencyMs: 10, credits: 0.5 });
    expect(side.reports).toEqual([]);
    await broker.close();
    expect(side.reports).toHaveLength(1);
    expect(side.reports[0]).toMatchObject({
      leaseId: 'broker-lease-1',
      kind: 'OUTCOME_KIND_SUCCESS',
      credits: 2.5,
    });
  });

  it('asks the broker again for another model, an excluded credential, or when every lease is full', async () => {
    const { broker } = client({ maxRequestsPerLease: 2 });
    await broker.lease(request);
    await broker.lease({ ...request, model: 'claude-haiku-4.5' });
    expect(side.leases).toBe(2);
    const retry = await broker.lease({ ...request, exclude: ['cred-1'] });
    expect(retry.credentialId).toBe('cred-2');
    expect(side.leases).toBe(3);
    // The cred-1 lease has room for one more, then the cred-2 lease for one more.
    expect((await broker.lease(request)).credentialId).toBe('cred-1');
    expect((await broker.lease(request)).credentialId).toBe('cred-2');
    expect(side.leases).toBe(3);
    await broker.lease(request);
    expect(side.leases).toBe(4);
    await broker.close();
  });

  it('under load keeps a full lease and adds another beside it, instead of churning leases', async () => {
    const { broker } = client({ maxRequestsPerLease: 8 });
    for (let wave = 0; wave < 3; wave++) {
      const leases = [];
      for (let i = 0; i < 32; i++) leases.push(await broker.lease(request));
      for (const lease of leases) broker.report(lease.leaseId, { kind: 'success', latencyMs: 5, credits: 0 });
    }
    // 32 open requests need four leases of 8; the later waves ride on the same four (replacing a full
    // lease instead would take three new leases per wave).
    expect(side.leases).toBe(4);
    await broker.close();
    expect(side.reports).toHaveLength(4);
  });

  it('reports a failure that concerns the credential at once, and stops reusing that lease', async () => {
    const { broker } = client();
    const first = await broker.lease(request);
    const second = await broker.lease(request);
    const arrived = side.nextReport();
    broker.report(first.leaseId, { kind: 'throttled', latencyMs: 3, retryAfterSeconds: 7 });
    await arrived;
    expect(side.reports).toEqual([
      expect.objectContaining({
        leaseId: 'broker-lease-1',
        kind: 'OUTCOME_KIND_THROTTLED',
        retryAfterSeconds: 7,
      }),
    ]);
    await broker.lease(request);
    expect(side.leases).toBe(2);
    broker.report(second.leaseId, { kind: 'success', latencyMs: 3 });
    await broker.close();
    expect(side.reports.filter((report) => report.leaseId === 'broker-lease-1')).toHaveLength(1);
  });

  it('forces one refresh for all requests riding on a lease', async () => {
    const { broker } = client();
    const first = await broker.lease(request);
    const second = await broker.lease(request);
    const [a, b] = await Promise.all([
      broker.refreshLease(first.leaseId),
      broker.refreshLease(second.leaseId),
    ]);
    expect(side.refreshes).toBe(1);
    expect(a.accessToken).toBe('aoa-refreshed-1');
    expect(b.leaseId).toBe(second.leaseId);
    // A lease whose token was rejected is not handed to new requests.
    await broker.lease(request);
    expect(side.leases).toBe(2);
    await broker.close();
  });

  it('without the lease cache, every request is one LeaseCredential and one report', async () => {
    const { broker } = client({ leaseCacheMs: 0 });
    const first = await broker.lease(request);
    const second = await broker.lease(request);
    expect(side.leases).toBe(2);
    broker.report(first.leaseId, { kind: 'success', latencyMs: 1 });
    broker.report(second.leaseId, { kind: 'client-abort', latencyMs: 1 });
    await broker.close();
    expect(side.reports.map((report) => report.kind).sort()).toEqual([
      'OUTCOME_KIND_CLIENT_ABORT',
      'OUTCOME_KIND_SUCCESS',
    ]);
  });

  it('never lets a report wait for a broker that is down: it is dropped and counted', async () => {
    // The usual deadline: the lease below is a first call on a fresh channel, which a short deadline
    // could fail on a busy machine; the refused reports fail at once, deadline or not.
    const { broker, metrics } = client({ leaseCacheMs: 0 });
    const lease = await broker.lease(request);
    await server.shutdown(0);
    broker.report(lease.leaseId, { kind: 'success', latencyMs: 1 });
    await broker.close();
    const dropped = await metrics.registry.getSingleMetricAsString('kirogate_broker_reports_dropped_total');
    expect(dropped).toMatch(/kirogate_broker_reports_dropped_total\{[^}]*\} 1/);
    await startBrokerSide();
  });

  it('gives an idle reused lease back to the broker after the linger', async () => {
    const { broker } = client({ idleLingerMs: 1 });
    const arrived = side.nextReport();
    const lease = await broker.lease(request);
    broker.report(lease.leaseId, { kind: 'success', latencyMs: 1 });
    await arrived;
    expect(side.reports).toEqual([
      expect.objectContaining({ leaseId: 'broker-lease-1', kind: 'OUTCOME_KIND_SUCCESS' }),
    ]);
    await broker.lease(request);
    expect(side.leases).toBe(2);
    await broker.close();
  });
});
