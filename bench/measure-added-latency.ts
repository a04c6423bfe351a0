import { loadPool, runClosedLoop } from './load-client.ts';
import { procDelta, readProcSample } from './proc-sample.ts';
import type { RequestShape } from './request-shape.ts';
import { type ClientFormat, type Middle, middlePid, type Rig, requestPair, viaReference } from './rig.ts';
import { median, summarize } from './summarize.ts';

export interface LatencySettings {
  rounds: number;
  requestsPerRound: number;
  warmupRequests: number;
  /** Per leg; a stuck leg ends here instead of stalling the run. */
  maxLegMs: number;
}

const sides = ['direct', 'reference', 'gateway'] as const;
type Side = (typeof sides)[number];
const middles: Record<Side, Middle> = { direct: 'sim', reference: 'reference', gateway: 'gateway' };

export interface LatencyLeg {
  p50Us: number;
  p99Us: number;
  /** CPU of the middle process per request (the simulator's for the direct leg). */
  cpuUsPerRequest: number;
}

export interface LatencyResult {
  format: ClientFormat;
  rounds: (Record<Side, LatencyLeg> & { errors: number })[];
  direct: LatencyLeg;
  reference: LatencyLeg;
  gateway: LatencyLeg;
  /** Median over rounds of (gateway − direct) within the round. */
  addedP50Us: number;
  addedP99Us: number;
  /** The same for the reference proxy: this machine's floor for any Node proxy. */
  referenceAddedP50Us: number;
  referenceAddedP99Us: number;
  /**
   * Median over rounds of the gateway's CPU per request ÷ the reference proxy's in the same round,
   * with the lowest and highest round. Legs a few hundred milliseconds apart share the machine's
   * state (another tenant, a frequency step), which the medians of each side taken apart do not.
   */
  cpuRatioToReference: { median: number; min: number; max: number };
  errors: number;
  firstError?: string;
}

const cpuRatio = (round: LatencyResult['rounds'][number]) =>
  round.gateway.cpuUsPerRequest / round.reference.cpuUsPerRequest;

export const nonStreamPrompt =
  'Benchmark prompt (non-streaming): summarise the trade-offs between latency and throughput in an ' +
  'HTTP proxy in two short sentences, without lists, code or headings; keep it under fifty words.';

/**
 * Added latency at c=1: sequential non-streaming requests direct, through the
 * reference proxy and through the gateway, in legs whose order rotates every round. Per-round deltas
 * and ratios cancel the VM's drift; CPU per request comes from /proc over each leg.
 */
export async function measureAddedLatency(
  rig: Rig,
  format: ClientFormat,
  settings: LatencySettings,
): Promise<LatencyResult> {
  const pair = await requestPair(rig, format, nonStreamPrompt, false);
  const shapes: Record<Side, RequestShape> = {
    direct: pair.direct,
    reference: viaReference(rig, pair.direct),
    gateway: pair.gateway,
  };
  const pools = {
    direct: loadPool(rig.simUrl, 1),
    reference: loadPool(rig.referenceUrl, 1),
    gateway: loadPool(rig.gatewayUrl, 1),
  };
  let firstError: string | undefined;
  try {
    for (const side of sides) {
      await runClosedLoop(pools[side], shapes[side], {
        concurrency: 1,
        maxRequests: settings.warmupRequests,
        maxDurationMs: settings.maxLegMs,
      });
    }
    const rounds: LatencyResult['rounds'] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const legs: Partial<Record<Side, LatencyLeg>> = {};
      let errors = 0;
      const shift = round % sides.length;
      for (const side of [...sides.slice(shift), ...sides.slice(0, shift)]) {
        const pid = middlePid(rig, middles[side]);
        const before = readProcSample(pid);
        const loop = await runClosedLoop(pools[side], shapes[side], {
          concurrency: 1,
          maxRequests: settings.requestsPerRound,
          maxDurationMs: settings.maxLegMs,
        });
        const cpu = procDelta(before, readProcSample(pid));
        const ok = loop.responses.filter((response) => !response.error);
        const summary = summarize(ok.map((response) => response.endUs - response.startUs));
        legs[side] = {
          p50Us: summary.p50,
          p99Us: summary.p99,
          cpuUsPerRequest: cpu.cpuUs / Math.max(1, ok.length),
        };
        errors += loop.errors;
        firstError ??= loop.firstError;
      }
      rounds.push({ ...(legs as Record<Side, LatencyLeg>), errors });
    }
    const of = (pick: (round: LatencyResult['rounds'][number]) => number) => median(rounds.map(pick));
    const leg = (side: Side): LatencyLeg => ({
      p50Us: of((round) => round[side].p50Us),
      p99Us: of((round) => round[side].p99Us),
      cpuUsPerRequest: of((round) => round[side].cpuUsPerRequest),
    });
    return {
      format,
      rounds,
      direct: leg('direct'),
      reference: leg('reference'),
      gateway: leg('gateway'),
      addedP50Us: of((round) => round.gateway.p50Us - round.direct.p50Us),
      addedP99Us: of((round) => round.gateway.p99Us - round.direct.p99Us),
      referenceAddedP50Us: of((round) => round.reference.p50Us - round.direct.p50Us),
      referenceAddedP99Us: of((round) => round.reference.p99Us - round.direct.p99Us),
      cpuRatioToReference: {
        median: of(cpuRatio),
        min: Math.min(...rounds.map(cpuRatio)),
        max: Math.max(...rounds.map(cpuRatio)),
      },
      errors: rounds.reduce((sum, round) => sum + round.errors, 0),
      ...(firstError && { firstError }),
    };
  } finally {
    await Promise.all([pools.direct.close(), pools.reference.close(), pools.gateway.close()]);
  }
}
