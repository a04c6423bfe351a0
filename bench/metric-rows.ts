import type { Contention } from './contention.ts';
import type { LeakCheck } from './leak-check.ts';
import type { AbortResult } from './measure-abort.ts';
import type { LatencyResult } from './measure-added-latency.ts';
import type { FootprintResult } from './measure-footprint.ts';
import type { ManyStreamsResult } from './measure-many-streams.ts';
import type { StreamMemoryResult } from './measure-stream-memory.ts';
import type { StreamTimingResult } from './measure-stream-timing.ts';
import type { ThroughputLeg, ThroughputResult } from './measure-throughput.ts';

export type PhaseOutcome<T> = ({ ok: true; value: T } | { ok: false; error: string }) & {
  contention?: Contention;
};

export interface PhaseResults {
  footprint?: PhaseOutcome<FootprintResult>;
  memory?: PhaseOutcome<StreamMemoryResult>;
  abort?: PhaseOutcome<AbortResult>;
  latencyOpenai?: PhaseOutcome<LatencyResult>;
  latencyAnthropic?: PhaseOutcome<LatencyResult>;
  streamOpenai?: PhaseOutcome<StreamTimingResult>;
  streamAnthropic?: PhaseOutcome<StreamTimingResult>;
  manyStreams?: PhaseOutcome<ManyStreamsResult>;
  throughput?: PhaseOutcome<ThroughputResult>;
  leak?: PhaseOutcome<LeakCheck>;
}

export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'ERROR';

export interface Floor {
  op: '<=' | '>=';
  value: number;
  text: string;
}

export interface MetricRow {
  metric: string;
  direct: string;
  gateway: string;
  result: string;
  value: number;
  /** The reference proxy's figure in `value`'s unit, where it has one; printed as a ratio. */
  reference?: number;
  /** A ratio to the reference proxy measured pairwise (per round), printed instead of value ÷ reference. */
  ratio?: number;
  floor?: Floor;
  verdict: Verdict;
  note?: string;
}

const MB = 1_000_000;

/** The floors of the issue (must pass) on this 2-core machine. */
export const floors = {
  addedP50: { op: '<=', value: 1_000, text: '≤ 1 ms' },
  addedP99: { op: '<=', value: 3_000, text: '≤ 3 ms' },
  rpsPerCore: { op: '>=', value: 2_500, text: '≥ 2,500' },
  addedTtfeP50: { op: '<=', value: 1_500, text: '≤ 1.5 ms' },
  addedGapP99: { op: '<=', value: 1_000, text: '≤ 1 ms' },
  rssPer1000: { op: '<=', value: 150 * MB, text: '≤ 150 MB' },
  abortMs: { op: '<=', value: 250, text: '≤ 250 ms' },
  footprintIdle: { op: '<=', value: 250 * MB, text: '≤ 250 MB' },
  footprintStreams: { op: '<=', value: 300 * MB, text: '≤ 300 MB' },
  startupMs: { op: '<=', value: 5_000, text: '≤ 5 s' },
  cpuPerRequestRatio: { op: '<=', value: 1.8, text: '≤ 1.8× ref.' },
} as const satisfies Record<string, Floor>;

export function metricRows(results: PhaseResults): MetricRow[] {
  return [
    ...footprintRows(results.footprint),
    ...latencyRows('OpenAI', results.latencyOpenai),
    ...latencyRows('Anthropic', results.latencyAnthropic),
    ...throughputRows(results.throughput),
    ...streamRows('OpenAI', results.streamOpenai),
    ...streamRows('Anthropic', results.streamAnthropic),
    ...manyStreamRows(results.manyStreams),
    ...memoryRows(results.memory),
    ...abortRows(results.abort),
    ...leakRows(results.leak),
  ];
}

function latencyRows(label: string, outcome: PhaseOutcome<LatencyResult> | undefined): MetricRow[] {
  const names = [`Added latency p50, c=1, ${label}`, `Added latency p99, c=1, ${label}`];
  if (!outcome?.ok) return errorRows(names, [floors.addedP50, floors.addedP99], outcome);
  const r = outcome.value;
  const errors = r.errors > 0 ? `${r.errors} errors: ${r.firstError}` : '';
  return [
    withReference(
      judged(
        names[0]!,
        ms(r.direct.p50Us),
        ms(r.gateway.p50Us),
        r.addedP50Us,
        plusMs(r.addedP50Us),
        floors.addedP50,
        [`reference proxy adds ${plusMs(r.referenceAddedP50Us)}`, errors].filter(Boolean).join('; '),
      ),
      r.referenceAddedP50Us,
    ),
    withReference(
      judged(
        names[1]!,
        ms(r.direct.p99Us),
        ms(r.gateway.p99Us),
        r.addedP99Us,
        plusMs(r.addedP99Us),
        floors.addedP99,
        `reference proxy adds ${plusMs(r.referenceAddedP99Us)}`,
      ),
      r.referenceAddedP99Us,
    ),
    {
      ...judged(
        `CPU per request, c=1, ${label}`,
        `sim ${r.direct.cpuUsPerRequest.toFixed(0)} µs, ref. proxy ${r.reference.cpuUsPerRequest.toFixed(0)} µs`,
        `${r.gateway.cpuUsPerRequest.toFixed(0)} µs`,
        r.cpuRatioToReference.median,
        `${r.gateway.cpuUsPerRequest.toFixed(0)} µs`,
        floors.cpuPerRequestRatio,
        `ratio: median of ${r.rounds.length} per-round ratios (lowest ${times(r.cpuRatioToReference.min)}, highest ${times(r.cpuRatioToReference.max)}); medians of the sides taken apart ${times(r.gateway.cpuUsPerRequest / r.reference.cpuUsPerRequest)}`,
      ),
      ratio: r.cpuRatioToReference.median,
    },
  ];
}

function throughputRows(outcome: PhaseOutcome<ThroughputResult> | undefined): MetricRow[] {
  const names = ['Requests/s per core, c=32, OpenAI', 'Requests/s per core, c=32, Anthropic'];
  if (!outcome?.ok) return errorRows(names, [floors.rpsPerCore, floors.rpsPerCore], outcome);
  const { direct, reference, openai, anthropic } = outcome.value.medians;
  const row = (name: string, leg: ThroughputLeg) => {
    const notes = [
      `p99 ${ms(leg.p99Us)}`,
      leg.errors > 0 ? `${leg.errors} errors: ${outcome.value.firstError}` : '',
      leg.runWaitShare >= 0.1
        ? `other processes held the gateway back (it waited for its CPU ${pct(leg.runWaitShare)} of the time, ran ${pct(leg.cpuShare)}), so RPS is CPU-normalised`
        : leg.cpuShare < 0.9
          ? `rig-bound: gateway at ${pct(leg.cpuShare)} CPU, sim+client at ${pct(leg.simCpuShare + leg.clientCpuShare)}, so RPS is CPU-normalised`
          : '',
      leg.rps >= 0.9 * direct.rps ? 'within 10% of the direct ceiling: a floor, not a ceiling' : '',
      `direct ceiling ${fmt(direct.rps)} rps; reference proxy ${fmt(reference.rps)} rps at ${pct(reference.cpuShare)} CPU`,
    ].filter(Boolean);
    return withReference(
      judged(
        name,
        `ref. proxy ${fmt(reference.rpsPerCore)}/core`,
        `${fmt(leg.rps)} rps @ ${pct(leg.cpuShare)} CPU`,
        leg.rpsPerCore,
        `${fmt(leg.rpsPerCore)} rps/core`,
        floors.rpsPerCore,
        notes.join('; '),
      ),
      reference.rpsPerCore,
    );
  };
  return [row(names[0]!, openai), row(names[1]!, anthropic)];
}

function streamRows(label: string, outcome: PhaseOutcome<StreamTimingResult> | undefined): MetricRow[] {
  const names = [`Added TTFE p50, ${label}`, `Added per-event gap p99 @20 ms, ${label}`];
  if (!outcome?.ok) return errorRows(names, [floors.addedTtfeP50, floors.addedGapP99], outcome);
  const r = outcome.value;
  const problems = [
    r.errors > 0 ? `${r.errors} errors: ${r.firstError}` : '',
    r.gatewayMissingEvents > 0 ? `${r.gatewayMissingEvents} content events missing` : '',
  ].filter(Boolean);
  return [
    judged(
      names[0]!,
      ms(r.directTtfeP50Us),
      ms(r.gatewayTtfeP50Us),
      r.addedTtfeP50Us,
      plusMs(r.addedTtfeP50Us),
      floors.addedTtfeP50,
      [
        `added TTFE p99 ${plusMs(r.addedTtfeP99Us)}, added TTFB p50 ${plusMs(r.addedTtfbP50Us)}`,
        ...problems,
      ].join('; '),
    ),
    info(
      `Added per-event gap p50 @20 ms, ${label}`,
      ms(r.directGapP50Us),
      ms(r.gatewayGapP50Us),
      r.addedGapP50Us,
      plusMs(r.addedGapP50Us),
    ),
    judged(
      names[1]!,
      '',
      '',
      r.addedGapP99Us,
      plusMs(r.addedGapP99Us),
      floors.addedGapP99,
      `stalls direct ${r.directStalls}, gateway ${r.gatewayStalls}`,
    ),
  ];
}

function manyStreamRows(outcome: PhaseOutcome<ManyStreamsResult> | undefined): MetricRow[] {
  if (!outcome?.ok) return errorRows(['CPU per streamed event'], [undefined], outcome);
  const { direct, reference, gateway, settings } = outcome.value;
  const label = `${settings.streams} streams @${settings.delayMs} ms`;
  const problems = [
    gateway.errors > 0 ? `${gateway.errors} errors: ${gateway.firstError}` : '',
    gateway.missingEvents > 0 ? `${gateway.missingEvents} events missing` : '',
    direct.simCpuShare + direct.clientCpuShare > 0.9 ? 'rig CPU near saturation' : '',
  ].filter(Boolean);
  return [
    withReference(
      info(
        `CPU per streamed event, ${label}`,
        `ref. proxy ${reference.cpuUsPerEvent.toFixed(1)} µs`,
        `${fmt(gateway.eventsPerSecond)} ev/s @ ${pct(gateway.cpuShare)} CPU`,
        gateway.cpuUsPerEvent,
        `${gateway.cpuUsPerEvent.toFixed(1)} µs`,
        [
          `direct ${fmt(direct.eventsPerSecond)} ev/s, reference proxy ${fmt(reference.eventsPerSecond)} ev/s @ ${pct(reference.cpuShare)} CPU`,
          'budget: 500 streams × 50 ev/s within 70% of a core ⇒ ≤ 28 µs',
          ...problems,
        ].join('; '),
      ),
      reference.cpuUsPerEvent,
    ),
    info(
      `Stalls (gap > ${2 * settings.delayMs + 5} ms), ${label}`,
      `${direct.stalls} (gap p99 ${ms(direct.gapP99Us)})`,
      `${gateway.stalls} (gap p99 ${ms(gateway.gapP99Us)})`,
      gateway.stalls - direct.stalls,
      `${gateway.stalls - direct.stalls >= 0 ? '+' : ''}${gateway.stalls - direct.stalls}`,
      `reference proxy ${reference.stalls} (gap p99 ${ms(reference.gapP99Us)})`,
    ),
  ];
}

function memoryRows(outcome: PhaseOutcome<StreamMemoryResult> | undefined): MetricRow[] {
  if (!outcome?.ok) return errorRows(['RSS per 1,000 open streams'], [floors.rssPer1000], outcome);
  const r = outcome.value;
  const problems = [
    r.opened < r.streams ? `only ${r.opened}/${r.streams} opened` : '',
    r.errors > 0 ? `${r.errors} errors: ${r.firstError}` : '',
    `read after a forced GC; live JS heap ${mb(r.heapPer1000StreamsBytes)} per 1,000 streams`,
  ].filter(Boolean);
  return [
    judged(
      `RSS per 1,000 open streams (${r.opened} held)`,
      `idle ${mb(r.idle.rssBytes)}`,
      `open ${mb(r.open.rssBytes)}, after ${mb(r.after.rssBytes)}`,
      r.rssPer1000StreamsBytes,
      mb(r.rssPer1000StreamsBytes),
      floors.rssPer1000,
      problems.join('; '),
    ),
    info(
      `Upstream aborts after ${r.opened} clients left at once`,
      '',
      `${r.upstreamAborted} aborted`,
      r.massAbortMs,
      Number.isNaN(r.massAbortMs) ? 'not all within 10 s' : `${r.massAbortMs.toFixed(0)} ms`,
    ),
  ];
}

function footprintRows(outcome: PhaseOutcome<FootprintResult> | undefined): MetricRow[] {
  const names = [
    'npm start RSS idle, all processes',
    'npm start RSS with open streams, all processes',
    'npm start to a served request, first start',
    'npm start to a served request, restart',
  ];
  const rowFloors = [floors.footprintIdle, floors.footprintStreams, floors.startupMs, floors.startupMs];
  if (!outcome?.ok) return errorRows(names, rowFloors, outcome);
  const r = outcome.value;
  const tree = (memory: FootprintResult['idle']) =>
    `PSS ${mb(memory.pssBytes)}; ${memory.members.join(', ')}`;
  const problems = [
    r.opened < r.streams ? `only ${r.opened}/${r.streams} opened` : '',
    r.errors > 0 ? `${r.errors} errors: ${r.firstError}` : '',
    r.referenceOpened < r.opened ? `reference proxy held only ${r.referenceOpened}` : '',
  ].filter(Boolean);
  return [
    {
      ...judged(
        `${names[0]} (${r.idle.processes})`,
        `reference proxy ${mb(r.referenceIdleRssBytes)}`,
        mb(r.idle.rssBytes),
        r.idle.rssBytes,
        mb(r.idle.rssBytes),
        floors.footprintIdle,
        tree(r.idle),
      ),
      reference: r.referenceIdleRssBytes,
    },
    {
      ...judged(
        `${names[1]} (${r.opened} streams, ${r.open.processes} processes)`,
        `reference proxy ${mb(r.referenceOpenRssBytes)}`,
        mb(r.open.rssBytes),
        r.open.rssBytes,
        mb(r.open.rssBytes),
        floors.footprintStreams,
        [tree(r.open), ...problems].join('; '),
      ),
      reference: r.referenceOpenRssBytes,
    },
    judged(
      names[2]!,
      '',
      `CPU ${(r.firstStartCpuMs / 1000).toFixed(2)} s`,
      r.firstStartMs,
      `${(r.firstStartMs / 1000).toFixed(2)} s`,
      floors.startupMs,
      'empty DATA_DIR, so initdb runs first; CPU is that of the processes still running (initdb not counted)',
    ),
    judged(
      names[3]!,
      '',
      `CPU ${(r.restartCpuMs / 1000).toFixed(2)} s`,
      r.restartMs,
      `${(r.restartMs / 1000).toFixed(2)} s`,
      floors.startupMs,
    ),
  ];
}

function abortRows(outcome: PhaseOutcome<AbortResult> | undefined): MetricRow[] {
  if (!outcome?.ok) return errorRows(['Upstream abort after client disconnect'], [floors.abortMs], outcome);
  const r = outcome.value;
  return [
    judged(
      `Upstream abort after client disconnect (worst of ${r.trials})`,
      '',
      `p50 ${r.p50Ms.toFixed(1)} ms`,
      r.maxMs,
      `${r.maxMs.toFixed(1)} ms`,
      floors.abortMs,
      r.timedOut > 0 ? `${r.timedOut} trials saw no upstream abort` : undefined,
    ),
  ];
}

function leakRows(outcome: PhaseOutcome<LeakCheck> | undefined): MetricRow[] {
  if (!outcome?.ok) return errorRows(['Retained heap per request (leak check)'], [undefined], outcome);
  const r = outcome.value;
  return [
    info(
      `Retained heap per request (leak check, ${r.gatewayChats.toLocaleString('en-US')} chats)`,
      `warm: heap ${mb(r.warm.heapUsedBytes)}, RSS ${mb(r.warm.rssBytes)}`,
      `end: heap ${mb(r.end.heapUsedBytes)}, RSS ${mb(r.end.rssBytes)}`,
      r.retainedHeapBytesPerChat,
      `${Math.round(r.retainedHeapBytesPerChat).toLocaleString('en-US')} B`,
      'both read after a forced full GC',
    ),
  ];
}

function judged(
  metric: string,
  direct: string,
  gateway: string,
  value: number,
  result: string,
  floor: Floor,
  note?: string,
): MetricRow {
  const pass = floor.op === '<=' ? value <= floor.value : value >= floor.value;
  return {
    metric,
    direct,
    gateway,
    result,
    value,
    floor,
    verdict: Number.isNaN(value) ? 'ERROR' : pass ? 'PASS' : 'MISS',
    ...(note && { note }),
  };
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/** The row with the reference proxy's figure for the same metric, printed as a ratio. */
function withReference(row: MetricRow, reference: number): MetricRow {
  return { ...row, reference };
}

function info(
  metric: string,
  direct: string,
  gateway: string,
  value: number,
  result: string,
  note?: string,
): MetricRow {
  return { metric, direct, gateway, result, value, verdict: 'INFO', ...(note && { note }) };
}

/** A phase that failed keeps its rows (as ERROR) so a missing number cannot pass unnoticed; one not run has none. */
function errorRows(
  names: string[],
  rowFloors: (Floor | undefined)[],
  outcome: (PhaseOutcome<unknown> & { ok: false }) | undefined,
): MetricRow[] {
  if (!outcome) return [];
  return names.map((metric, index) => ({
    metric,
    direct: '',
    gateway: '',
    result: '',
    value: Number.NaN,
    ...(rowFloors[index] && { floor: rowFloors[index] }),
    verdict: 'ERROR',
    note: outcome.error,
  }));
}

function ms(us: number): string {
  return `${(us / 1000).toFixed(2)} ms`;
}

function plusMs(us: number): string {
  return `${us >= 0 ? '+' : ''}${(us / 1000).toFixed(2)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

function fmt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
