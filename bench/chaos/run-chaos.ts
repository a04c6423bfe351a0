import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { type Fault, faults } from './faults.ts';
import { type Outcome, startSteadyLoad } from './steady-load.ts';
import { Topology } from './topology.ts';

export interface ChaosOptions {
  /** Fault names to run (all when empty). */
  only: readonly string[];
  requestsPerSecond: number;
  /** Load per fault; the fault is injected `faultAtMs` in. */
  phaseMs: number;
  faultAtMs: number;
  outageMs: number;
  keysPerPhase: number;
  /** Bound on waiting, after a phase, for a request to succeed again. */
  recoveryWaitMs: number;
  /** Bound on waiting for the worker to store every usage record after the last phase. */
  usageWaitMs: number;
  log: (line: string) => void;
}

export interface FaultRow {
  fault: string;
  sent: number;
  succeeded: number;
  expectedErrors: number;
  unexpected5xx: number;
  /** Other surprises: an unexpected 4xx, an unexpected in-band error, no answer at all. */
  unexpectedOther: number;
  streamsCut: number;
  rerouted: number;
  /**
   * ms from the fault being cleared until requests succeed again (the end of the last failed one, or
   * the first success of a probe after the phase when it ended failing); 0 when nothing failed.
   */
  recoveryMs: number;
  usageRecords: number;
  /** A few distinct failure descriptions, for the report. */
  samples: string[];
}

export const quickFaults = [
  'Redis restart',
  'kill -9 one broker',
  'SIGTERM one gateway mid-stream',
  'upstream 429 storm',
];

/** Starts the topology, runs each fault under steady load, then counts the usage records per fault. */
export async function runChaos(options: ChaosOptions): Promise<FaultRow[]> {
  const selected =
    options.only.length === 0 ? faults : faults.filter((fault) => options.only.includes(fault.name));
  if (selected.length === 0) throw new Error(`no fault named ${options.only.join(', ')}`);
  const topology = await Topology.start(
    { streamReadTimeoutSeconds: 3, shutdownTimeoutMs: 10_000 },
    options.log,
  );
  try {
    const phases: {
      fault: Fault;
      outcomes: Outcome[];
      clearedAt: number;
      recoveredAt: number;
      keyIds: string[];
    }[] = [];
    for (const fault of selected) {
      const label = fault.name.replace(/\W+/g, '-');
      const keys = await topology.createKeys(options.keysPerPhase, label);
      // Its own key, so its requests stay out of the phase's usage count.
      const [probeKey] = await topology.createKeys(1, `${label}-probe`);
      options.log(`${fault.name}: ${options.requestsPerSecond} req/s for ${options.phaseMs / 1000} s`);
      const load = startSteadyLoad({
        gatewayUrls: topology.gatewayUrls,
        apiKeys: keys.map((key) => key.key),
        requestsPerSecond: options.requestsPerSecond,
        durationMs: options.phaseMs,
        requestTimeoutMs: 60_000,
        label,
      });
      await sleep(options.faultAtMs);
      await fault.inject({ topology, load, outageMs: options.outageMs, log: options.log });
      const clearedAt = load.elapsed();
      const outcomes = await load.done;
      // A fault must not spill into the next phase: wait (bounded) until a request succeeds again.
      await untilServing(topology.gatewayUrls[0]!, probeKey!.key, options.recoveryWaitMs);
      const recoveredAt = outcomes.at(-1)?.result.kind === 'ok' ? 0 : load.elapsed();
      phases.push({ fault, outcomes, clearedAt, recoveredAt, keyIds: keys.map((key) => key.id) });
    }
    options.log('waiting for the worker to store every usage record');
    const counts = await settledUsageCounts(
      topology.postgres.url,
      phases.map((phase) => phase.keyIds),
      phases.reduce((sum, phase) => sum + phase.outcomes.length, 0),
      options.usageWaitMs,
    );
    return phases.map((phase, index) =>
      summarize(phase.fault, phase.outcomes, phase.clearedAt, phase.recoveredAt, counts[index]!),
    );
  } catch (error) {
    for (const service of [
      ...topology.gateways,
      ...topology.brokers,
      topology.worker,
      topology.userService,
    ]) {
      if (!service.running)
        options.log(`${service.spec.name} is not running; its last output:\n${service.output()}`);
    }
    throw error;
  } finally {
    await topology.destroy();
  }
}

function summarize(
  fault: Fault,
  outcomes: Outcome[],
  clearedAt: number,
  recoveredAt: number,
  usageRecords: number,
): FaultRow {
  const row: FaultRow = {
    fault: fault.name,
    sent: outcomes.length,
    succeeded: 0,
    expectedErrors: 0,
    unexpected5xx: 0,
    unexpectedOther: 0,
    streamsCut: 0,
    rerouted: 0,
    recoveryMs: 0,
    usageRecords,
    samples: [],
  };
  let lastFailureEnd = 0;
  for (const outcome of outcomes) {
    const { result } = outcome;
    row.rerouted += outcome.rerouted;
    if (result.kind !== 'ok') lastFailureEnd = Math.max(lastFailureEnd, outcome.endedAt);
    switch (result.kind) {
      case 'ok':
        row.succeeded += 1;
        break;
      case 'http-error':
        if (fault.expected.statuses.includes(result.status)) row.expectedErrors += 1;
        else if (result.status >= 500) row.unexpected5xx += 1;
        else row.unexpectedOther += 1;
        break;
      case 'in-band-error':
        if (fault.expected.inBand) row.expectedErrors += 1;
        else row.unexpectedOther += 1;
        break;
      case 'cut':
        row.streamsCut += 1;
        break;
      case 'no-answer':
        row.unexpectedOther += 1;
        break;
    }
    if (result.kind !== 'ok' && row.samples.length < 5) {
      // Durations differ from one answer to the next ("back in 5s"): one line per kind of answer.
      const message = result.message.replace(/\b\d+(\.\d+)?s\b/g, 'Ns');
      const sample = `${result.kind}${'status' in result ? ` ${result.status}` : ''}: ${message}`.slice(
        0,
        160,
      );
      if (!row.samples.includes(sample)) row.samples.push(sample);
    }
  }
  row.recoveryMs =
    lastFailureEnd === 0 ? 0 : Math.max(0, Math.round(Math.max(lastFailureEnd, recoveredAt) - clearedAt));
  return row;
}

/**
 * Usage records per phase (each phase has keys of its own), read once the counts stop moving and the
 * total reached what was sent, or when `waitMs` runs out: jobs a killed worker held come back only
 * after BullMQ's lock on them expires (about 30 s).
 */
async function settledUsageCounts(
  databaseUrl: string,
  keyIdsPerPhase: string[][],
  sent: number,
  waitMs: number,
): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async (): Promise<number[]> => {
      const result = await client.query<{ key_id: string; n: string }>(
        'select key_id, count(*) as n from usage_events where key_id = any($1) group by key_id',
        [keyIdsPerPhase.flat()],
      );
      const byKey = new Map(result.rows.map((row) => [row.key_id, Number(row.n)]));
      return keyIdsPerPhase.map((ids) => ids.reduce((sum, id) => sum + (byKey.get(id) ?? 0), 0));
    };
    const deadline = performance.now() + waitMs;
    let counts = await read();
    let unchangedSince = performance.now();
    while (performance.now() < deadline) {
      await sleep(1_000);
      const next = await read();
      if (next.some((count, index) => count !== counts[index])) unchangedSince = performance.now();
      counts = next;
      const total = counts.reduce((sum, count) => sum + count, 0);
      // Equal and quiet for a few seconds: a late duplicate would show up in that time.
      if (total >= sent && performance.now() - unchangedSince > 3_000) break;
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** Resolves once a non-streaming probe succeeds; throws past `waitMs`. */
async function untilServing(gatewayUrl: string, apiKey: string, waitMs: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'probe' }] }),
    }).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status === 200) return;
    if (performance.now() - started > waitMs)
      throw new Error(`nothing served for ${waitMs / 1000} s after the fault`);
    await sleep(1_000);
  }
}
