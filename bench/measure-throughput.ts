import { type LoopResult, loadPool, runClosedLoop } from './load-client.ts';
import { nonStreamPrompt } from './measure-added-latency.ts';
import { type ProcSample, procDelta, readProcSample } from './proc-sample.ts';
import type { RequestShape } from './request-shape.ts';
import { type Middle, middlePid, type Rig, requestPair, viaReference } from './rig.ts';
import { median, summarize } from './summarize.ts';

export interface ThroughputSettings {
  rounds: number;
  concurrency: number;
  /** Seconds per gateway and reference leg; direct legs get `directSeconds`. */
  gatewaySeconds: number;
  directSeconds: number;
  warmupSeconds: number;
}

const legs = ['direct', 'reference', 'openai', 'anthropic'] as const;
type Leg = (typeof legs)[number];
const middles: Record<Leg, Middle> = {
  direct: 'sim',
  reference: 'reference',
  openai: 'gateway',
  anthropic: 'gateway',
};

export interface ThroughputLeg {
  rps: number;
  p50Us: number;
  p99Us: number;
  errors: number;
  /** CPU share of the process in the middle (the simulator for the direct leg). */
  cpuShare: number;
  /** Share of the time the middle process's event loop was runnable but waited for its CPU. */
  runWaitShare: number;
  simCpuShare: number;
  clientCpuShare: number;
  /** RPS ÷ the middle process's CPU share: what one fully busy core of it would serve. */
  rpsPerCore: number;
}

export interface ThroughputResult {
  rounds: Record<Leg, ThroughputLeg>[];
  medians: Record<Leg, ThroughputLeg>;
  firstError?: string;
}

/**
 * Saturation: a closed loop at `concurrency` for a fixed time. The simulator and this client share one
 * CPU, so when they, not the gateway, are the limit the gateway's CPU share stays below 1 and RPS is
 * normalised by it (the rig being the limit). The direct leg is
 * the rig's own ceiling (the mock-ceiling guard); the reference proxy is what a minimal Node proxy does
 * per core on this machine.
 */
export async function measureThroughput(rig: Rig, settings: ThroughputSettings): Promise<ThroughputResult> {
  const openai = await requestPair(rig, 'openai', nonStreamPrompt, false);
  const anthropic = await requestPair(rig, 'anthropic', nonStreamPrompt, false);
  const shapes: Record<Leg, RequestShape> = {
    direct: openai.direct,
    reference: viaReference(rig, openai.direct),
    openai: openai.gateway,
    anthropic: anthropic.gateway,
  };
  const pools = {
    direct: loadPool(rig.simUrl, settings.concurrency),
    reference: loadPool(rig.referenceUrl, settings.concurrency),
    gateway: loadPool(rig.gatewayUrl, settings.concurrency),
  };
  const poolFor = (leg: Leg) => (leg === 'direct' || leg === 'reference' ? pools[leg] : pools.gateway);
  const rounds: Record<Leg, ThroughputLeg>[] = [];
  let firstError: string | undefined;
  try {
    for (let round = 0; round < settings.rounds; round++) {
      const results: Partial<Record<Leg, ThroughputLeg>> = {};
      // Rotate the order so no leg always runs right after the heaviest one.
      const shift = round % legs.length;
      for (const leg of [...legs.slice(shift), ...legs.slice(0, shift)]) {
        const seconds = leg === 'direct' ? settings.directSeconds : settings.gatewaySeconds;
        await runClosedLoop(poolFor(leg), shapes[leg], {
          concurrency: settings.concurrency,
          maxRequests: Number.MAX_SAFE_INTEGER,
          maxDurationMs: settings.warmupSeconds * 1000,
        });
        const pids = { middle: middlePid(rig, middles[leg]), sim: rig.simPid, client: process.pid };
        const before = sampleAll(pids);
        const loop = await runClosedLoop(poolFor(leg), shapes[leg], {
          concurrency: settings.concurrency,
          // Far above what the rig can do in the time given; the duration is the real bound.
          maxRequests: 100_000 * seconds,
          maxDurationMs: seconds * 1000,
        });
        results[leg] = legResult(loop, before, sampleAll(pids));
        firstError ??= loop.firstError;
      }
      rounds.push(results as Record<Leg, ThroughputLeg>);
    }
  } finally {
    await Promise.all([pools.direct.close(), pools.reference.close(), pools.gateway.close()]);
  }
  const medians = Object.fromEntries(
    legs.map((leg) => {
      const of = (pick: (value: ThroughputLeg) => number) => median(rounds.map((round) => pick(round[leg])));
      return [
        leg,
        {
          rps: of((value) => value.rps),
          p50Us: of((value) => value.p50Us),
          p99Us: of((value) => value.p99Us),
          errors: rounds.reduce((sum, round) => sum + round[leg].errors, 0),
          cpuShare: of((value) => value.cpuShare),
          runWaitShare: of((value) => value.runWaitShare),
          simCpuShare: of((value) => value.simCpuShare),
          clientCpuShare: of((value) => value.clientCpuShare),
          rpsPerCore: of((value) => value.rpsPerCore),
        },
      ];
    }),
  ) as Record<Leg, ThroughputLeg>;
  return { rounds, medians, ...(firstError && { firstError }) };
}

interface LegSample {
  middle: ProcSample;
  sim: ProcSample;
  client: ProcSample;
}

function sampleAll(pids: { middle: number; sim: number; client: number }): LegSample {
  return {
    middle: readProcSample(pids.middle),
    sim: readProcSample(pids.sim),
    client: readProcSample(pids.client),
  };
}

function legResult(loop: LoopResult, before: LegSample, after: LegSample): ThroughputLeg {
  const ok = loop.responses.filter((response) => !response.error);
  const latency = summarize(ok.map((response) => response.endUs - response.startUs));
  const rps = ok.length / (loop.wallUs / 1e6);
  const middle = procDelta(before.middle, after.middle);
  const cpuShare = middle.cpuShare;
  return {
    rps,
    p50Us: latency.p50,
    p99Us: latency.p99,
    errors: loop.errors,
    cpuShare,
    runWaitShare: middle.runWaitShare,
    simCpuShare: procDelta(before.sim, after.sim).cpuShare,
    clientCpuShare: procDelta(before.client, after.client).cpuShare,
    rpsPerCore: cpuShare > 0.01 ? rps / cpuShare : Number.NaN,
  };
}
