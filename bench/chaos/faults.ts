import { setTimeout as sleep } from 'node:timers/promises';
import { queueNames } from '@kirogate/jobs';
import { createPlatform } from '@kirogate/platform';
import type { RunningLoad } from './steady-load.ts';
import type { Topology } from './topology.ts';

export interface FaultContext {
  topology: Topology;
  load: RunningLoad;
  /** How long an outage lasts (Redis down, broker dead, storm on). */
  outageMs: number;
  log: (line: string) => void;
}

export interface Fault {
  name: string;
  /** What the caller may see during this fault and still count it as handled. */
  expected: {
    /** HTTP statuses of an error answered in the caller's protocol. */
    statuses: readonly number[];
    /** An error event inside a stream that had started. */
    inBand: boolean;
  };
  /**
   * Injects the fault and resolves once it is cleared (the service is back, the storm is over), so the
   * recovery time can be measured from there.
   */
  inject(context: FaultContext): Promise<void>;
}

const none = { statuses: [], inBand: false } as const;

async function simControl(topology: Topology, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const response = await fetch(`${topology.simUrl}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`simulator control ${method}: ${response.status} ${await response.text()}`);
}

/** Every chat request answers `fault` for `outageMs`, then Kiro is healthy again. */
function storm(name: string, fault: string, expected: Fault['expected']): Fault {
  return {
    name,
    expected,
    async inject({ topology, outageMs }) {
      await simControl(topology, 'POST', { fault, count: 100_000 });
      await sleep(outageMs);
      await simControl(topology, 'DELETE');
    },
  };
}

/** Waits (bounded) until the load has a stream open on `gateway`, so a signal lands mid-stream. */
async function untilStreamOpen(load: RunningLoad, gateway: number): Promise<void> {
  for (let waited = 0; waited < 10_000 && load.openStreams(gateway) === 0; waited += 20) await sleep(20);
}

/** Waits (bounded) until the worker has usage jobs in hand (a batch it has not written yet). */
async function untilWorkerHoldsJobs(redisUrl: string): Promise<number> {
  // The services' default REDIS_KEY_PREFIX.
  const platform = createPlatform({ redisUrl, keyPrefix: 'kg', commandTimeoutMs: 5_000 });
  try {
    let active = 0;
    for (let waited = 0; waited < 10_000 && active === 0; waited += 20) {
      active = (await platform.jobQueue.counts(queueNames.usage)).active;
      if (active === 0) await sleep(20);
    }
    return active;
  } finally {
    await platform.close();
  }
}

export const faults: readonly Fault[] = [
  {
    name: 'Redis restart',
    expected: none,
    async inject({ topology, outageMs }) {
      await topology.redis.stop();
      await sleep(outageMs);
      await topology.redis.start();
    },
  },
  {
    name: 'Postgres restart',
    expected: none,
    async inject({ topology }) {
      await topology.postgres.stop();
      await topology.postgres.start();
    },
  },
  {
    name: 'kill -9 one broker',
    expected: none,
    async inject({ topology, outageMs }) {
      const broker = topology.brokers[0]!;
      await broker.stop('SIGKILL');
      await sleep(outageMs);
      await broker.start();
    },
  },
  {
    name: 'kill -9 worker mid-batch',
    expected: none,
    async inject({ topology, outageMs, log }) {
      const held = await untilWorkerHoldsJobs(topology.redis.url);
      log(`killing the worker while it holds ${held} usage jobs`);
      await topology.worker.stop('SIGKILL');
      await sleep(outageMs);
      await topology.worker.start();
    },
  },
  {
    name: 'SIGTERM one gateway mid-stream',
    // Its open streams finish within the drain; what arrives meanwhile is refused with a 503 that a
    // load balancer sends to the other gateway (the load does, once).
    expected: { statuses: [503], inBand: false },
    async inject({ topology, load }) {
      const gateway = topology.gateways[0]!;
      await untilStreamOpen(load, 0);
      await gateway.stop('SIGTERM');
      await gateway.start();
    },
  },
  // Kiro's throttling past the gateway's retries reaches the caller as 429 (or 503/529 while every
  // credential cools down); its 403 as a refresh and a retry; its 5xx as 502 after the retries.
  storm('upstream 429 storm', 'throttled', { statuses: [429, 503, 529], inBand: false }),
  storm('upstream 403 storm', 'stale-token', { statuses: [502, 503], inBand: false }),
  storm('upstream 5xx storm', 'internal-error', { statuses: [502, 503, 529], inBand: false }),
  {
    name: 'upstream stalls',
    // A stalled stream ends after STREAM_READ_TIMEOUT: in-band once streaming, 504 before.
    expected: { statuses: [504], inBand: true },
    async inject({ topology, outageMs }) {
      await simControl(topology, 'POST', { fault: 'stall', count: 6 });
      await sleep(outageMs);
      await simControl(topology, 'DELETE');
    },
  },
];
