import { loadPool, runClosedLoop, type TimedResponse } from './load-client.ts';
import { type ClientFormat, type Rig, requestPair, roundOrder } from './rig.ts';
import { median, summarize } from './summarize.ts';

export interface StreamTimingSettings {
  rounds: number;
  /** Time to first event: sequential short streams (10 events 2 ms apart). */
  ttfeStreams: number;
  ttfeDeltas: number;
  ttfeDelayMs: number;
  /** Inter-event gaps: streams paced like a model's tokens. */
  gapStreams: number;
  gapConcurrency: number;
  gapDeltas: number;
  gapDelayMs: number;
  maxLegMs: number;
}

export interface StreamTimingRound {
  directTtfbP50Us: number;
  gatewayTtfbP50Us: number;
  directTtfeP50Us: number;
  directTtfeP99Us: number;
  gatewayTtfeP50Us: number;
  gatewayTtfeP99Us: number;
  directGapP50Us: number;
  directGapP99Us: number;
  gatewayGapP50Us: number;
  gatewayGapP99Us: number;
  directStalls: number;
  gatewayStalls: number;
  /** Content events missing at the client, over all gateway streams of the round. */
  gatewayMissingEvents: number;
  errors: number;
}

export interface StreamTimingResult {
  format: ClientFormat;
  rounds: StreamTimingRound[];
  directTtfeP50Us: number;
  gatewayTtfeP50Us: number;
  addedTtfbP50Us: number;
  addedTtfeP50Us: number;
  addedTtfeP99Us: number;
  directGapP50Us: number;
  gatewayGapP50Us: number;
  addedGapP50Us: number;
  addedGapP99Us: number;
  directStalls: number;
  gatewayStalls: number;
  gatewayMissingEvents: number;
  errors: number;
  firstError?: string;
}

/**
 * Streaming overhead: TTFE from sequential short streams, inter-event gaps from
 * streams paced at `gapDelayMs`, each measured direct (Kiro frames) and through the gateway (SSE
 * content events) in alternating legs. A stall is a gap above 2 × pace + 5 ms.
 */
export async function measureStreamTiming(
  rig: Rig,
  format: ClientFormat,
  settings: StreamTimingSettings,
): Promise<StreamTimingResult> {
  const ttfePrompt = `Benchmark TTFE stream [[sim:text ${settings.ttfeDeltas}]] [[sim:delay ${settings.ttfeDelayMs}]]`;
  const gapPrompt = `Benchmark gap stream [[sim:text ${settings.gapDeltas}]] [[sim:delay ${settings.gapDelayMs}]]`;
  const ttfe = await requestPair(rig, format, ttfePrompt, true);
  const gap = await requestPair(rig, format, gapPrompt, true);
  const pools = {
    direct: loadPool(rig.simUrl, settings.gapConcurrency),
    gateway: loadPool(rig.gatewayUrl, settings.gapConcurrency),
  };
  const stallUs = (2 * settings.gapDelayMs + 5) * 1000;
  let firstError: string | undefined;
  const rounds: StreamTimingRound[] = [];
  try {
    for (const side of ['direct', 'gateway'] as const) {
      await runClosedLoop(pools[side], ttfe[side], { concurrency: 1, maxRequests: 20, maxDurationMs: 5_000 });
    }
    for (let round = 0; round < settings.rounds; round++) {
      const legs: Partial<Record<'direct' | 'gateway', LegTiming>> = {};
      let errors = 0;
      for (const side of roundOrder(round, ['direct', 'gateway'] as const)) {
        const first = await runClosedLoop(pools[side], ttfe[side], {
          concurrency: 1,
          maxRequests: settings.ttfeStreams,
          maxDurationMs: settings.maxLegMs,
          countContent: true,
        });
        const paced = await runClosedLoop(pools[side], gap[side], {
          concurrency: settings.gapConcurrency,
          maxRequests: settings.gapStreams,
          maxDurationMs: settings.maxLegMs,
          countContent: true,
        });
        legs[side] = legTiming(first.responses, paced.responses, stallUs, settings.gapDeltas);
        errors += first.errors + paced.errors;
        firstError ??= first.firstError ?? paced.firstError;
      }
      const direct = legs.direct!;
      const gateway = legs.gateway!;
      rounds.push({
        directTtfbP50Us: direct.ttfbP50,
        gatewayTtfbP50Us: gateway.ttfbP50,
        directTtfeP50Us: direct.ttfeP50,
        directTtfeP99Us: direct.ttfeP99,
        gatewayTtfeP50Us: gateway.ttfeP50,
        gatewayTtfeP99Us: gateway.ttfeP99,
        directGapP50Us: direct.gapP50,
        directGapP99Us: direct.gapP99,
        gatewayGapP50Us: gateway.gapP50,
        gatewayGapP99Us: gateway.gapP99,
        directStalls: direct.stalls,
        gatewayStalls: gateway.stalls,
        gatewayMissingEvents: gateway.missing,
        errors,
      });
    }
  } finally {
    await Promise.all([pools.direct.close(), pools.gateway.close()]);
  }
  const of = (pick: (round: StreamTimingRound) => number) => median(rounds.map(pick));
  const sum = (pick: (round: StreamTimingRound) => number) =>
    rounds.reduce((total, round) => total + pick(round), 0);
  return {
    format,
    rounds,
    directTtfeP50Us: of((round) => round.directTtfeP50Us),
    gatewayTtfeP50Us: of((round) => round.gatewayTtfeP50Us),
    addedTtfbP50Us: of((round) => round.gatewayTtfbP50Us - round.directTtfbP50Us),
    addedTtfeP50Us: of((round) => round.gatewayTtfeP50Us - round.directTtfeP50Us),
    addedTtfeP99Us: of((round) => round.gatewayTtfeP99Us - round.directTtfeP99Us),
    directGapP50Us: of((round) => round.directGapP50Us),
    gatewayGapP50Us: of((round) => round.gatewayGapP50Us),
    addedGapP50Us: of((round) => round.gatewayGapP50Us - round.directGapP50Us),
    addedGapP99Us: of((round) => round.gatewayGapP99Us - round.directGapP99Us),
    directStalls: sum((round) => round.directStalls),
    gatewayStalls: sum((round) => round.gatewayStalls),
    gatewayMissingEvents: sum((round) => round.gatewayMissingEvents),
    errors: sum((round) => round.errors),
    ...(firstError && { firstError }),
  };
}

interface LegTiming {
  ttfbP50: number;
  ttfeP50: number;
  ttfeP99: number;
  gapP50: number;
  gapP99: number;
  stalls: number;
  missing: number;
}

function legTiming(
  first: TimedResponse[],
  paced: TimedResponse[],
  stallUs: number,
  expectedEvents: number,
): LegTiming {
  const okFirst = first.filter((response) => !response.error && response.contentUs.length > 0);
  const ttfe = summarize(okFirst.map((response) => response.contentUs[0]! - response.startUs));
  const ttfb = summarize(okFirst.map((response) => response.headersUs - response.startUs));
  const gaps: number[] = [];
  let missing = 0;
  for (const response of paced) {
    if (response.error) continue;
    missing += Math.max(0, expectedEvents - response.contentUs.length);
    for (let i = 1; i < response.contentUs.length; i++) {
      gaps.push(response.contentUs[i]! - response.contentUs[i - 1]!);
    }
  }
  const gap = summarize(gaps);
  return {
    ttfbP50: ttfb.p50,
    ttfeP50: ttfe.p50,
    ttfeP99: ttfe.p99,
    gapP50: gap.p50,
    gapP99: gap.p99,
    stalls: gaps.filter((value) => value > stallUs).length,
    missing,
  };
}
