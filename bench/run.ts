import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchProfile, fullProfile, quickProfile } from './bench-profile.ts';
import { simAccessToken } from './capture-direct-request.ts';
import { contentionBetween, describeContention, sampleContention } from './contention.ts';
import { pinProcess, planCpuPinning } from './cpu-pinning.ts';
import { readEnvironment } from './environment.ts';
import { formatTable } from './format-table.ts';
import { GatewayInspector } from './gateway-inspector.ts';
import { leakCheck } from './leak-check.ts';
import { loadPool, runClosedLoop } from './load-client.ts';
import { measureAbort } from './measure-abort.ts';
import { measureAddedLatency, nonStreamPrompt } from './measure-added-latency.ts';
import { measureFootprint } from './measure-footprint.ts';
import { measureManyStreams } from './measure-many-streams.ts';
import { measureStreamMemory } from './measure-stream-memory.ts';
import { measureStreamTiming } from './measure-stream-timing.ts';
import { measureThroughput } from './measure-throughput.ts';
import { metricRows, type PhaseOutcome, type PhaseResults } from './metric-rows.ts';
import { readProcSample } from './proc-sample.ts';
import { gatewayRequest } from './request-shape.ts';
import type { Rig } from './rig.ts';
import { SimStatsProbe } from './sim-stats-probe.ts';
import { startGateway } from './start-gateway.ts';
import { startReferenceProxy } from './start-reference-proxy.ts';
import { startSim } from './start-sim.ts';

const phaseNames = [
  'footprint',
  'memory',
  'abort',
  'latency',
  'streams',
  'many-streams',
  'throughput',
] as const;
type PhaseName = (typeof phaseNames)[number];

const usage = `Usage: npm run bench [-- --quick] [--cpu-prof] [--only ${phaseNames.join(',')}]
  --quick     about four minutes instead of about eight
  --cpu-prof  write a V8 CPU profile of the gateway to bench-results/profiles/
  --only      run only these phases (comma-separated)`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const only = values.only?.split(',').map((name) => name.trim()) ?? [...phaseNames];
const unknown = only.filter((name) => !(phaseNames as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`Unknown phase(s): ${unknown.join(', ')}\n${usage}`);
  process.exit(2);
}
const selected = new Set(only as PhaseName[]);
const profile: BenchProfile = values.quick ? quickProfile : fullProfile;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(repoRoot, 'bench-results');

// A signal would end the process without 'exit' handlers; exiting instead takes the children along.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
// Whatever hangs, the run ends; the exit handler in child-node.ts takes the children with it.
setTimeout(() => {
  console.error(`bench: over its ${profile.budgetMs / 1000} s budget, giving up`);
  process.exit(1);
}, profile.budgetMs).unref();

const startedAt = new Date();
const environment = readEnvironment(repoRoot);
const pinning = planCpuPinning();
pinProcess(pinning, process.pid, pinning.rigCpu);
log(
  `KiroGate bench (${profile.name}) — Node ${environment.node}, undici ${environment.undici}, ` +
    `${environment.cpus}× ${environment.cpuModel}, commit ${environment.commit}${environment.dirty ? '+dirty' : ''}, ` +
    `load ${environment.loadAverage1m.toFixed(2)}`,
);
log(
  pinning.enabled
    ? `pinning: gateway on cpu${pinning.gatewayCpu}; simulator and load client on cpu${pinning.rigCpu}`
    : `pinning: off (${pinning.reason})`,
);

const proxyApiKey = `bench-${randomBytes(12).toString('hex')}`;
const profileDir = values['cpu-prof'] ? join(resultsDir, 'profiles') : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const sim = await startSim({ repoRoot, pinning });
const gatewayRefreshToken = `aor${randomBytes(90).toString('base64url')}`;
const gateway = await startGateway({
  repoRoot,
  simUrl: sim.url,
  proxyApiKey,
  refreshToken: gatewayRefreshToken,
  pinning,
  ...(profileDir && { cpuProfileDir: profileDir }),
});
const reference = await startReferenceProxy({ repoRoot, simUrl: sim.url, pinning });
log(
  `simulator ${sim.url} (pid ${sim.child.pid}), gateway ${gateway.url} (pid ${gateway.child.pid}), ` +
    `reference proxy ${reference.url} (pid ${reference.child.pid})`,
);

const rig: Rig = {
  simUrl: sim.url,
  gatewayUrl: gateway.url,
  referenceUrl: reference.url,
  simPid: sim.child.pid,
  gatewayPid: gateway.child.pid,
  referencePid: reference.child.pid,
  proxyApiKey,
  // A separate account from the gateway's, so direct calls never share its token state.
  accessToken: await simAccessToken(sim.url, `aor${randomBytes(90).toString('base64url')}`),
};
const probe = new SimStatsProbe(sim.url);
const results: PhaseResults = {};
let exitCode = 0;
let finalRssBytes = Number.NaN;

/**
 * The phases on the bench's own gateway, and the leak check. CPU and timing phases run first, on a
 * gateway no inspector session has touched: attaching one (SIGUSR1, a DevTools session, forced GCs)
 * left the gateway 1.2–1.4× more expensive per request for minutes afterwards (interleaved A/B, 9
 * rounds), while the reference proxy is never inspected. The phases that need the inspector (forced-GC
 * memory readings) come after them.
 */
async function measureGateway(): Promise<void> {
  await warmUp(rig);
  if (selected.has('abort')) {
    results.abort = await phase(`abort: ${profile.abort.trials} disconnects`, () =>
      measureAbort(rig, probe, profile.abort),
    );
  }
  if (selected.has('latency')) {
    results.latencyOpenai = await phase('latency: OpenAI c=1', () =>
      measureAddedLatency(rig, 'openai', profile.latency),
    );
    results.latencyAnthropic = await phase('latency: Anthropic c=1', () =>
      measureAddedLatency(rig, 'anthropic', profile.latency),
    );
  }
  if (selected.has('streams')) {
    results.streamOpenai = await phase('streams: OpenAI TTFE and gaps', () =>
      measureStreamTiming(rig, 'openai', profile.streamTiming),
    );
    results.streamAnthropic = await phase('streams: Anthropic TTFE and gaps', () =>
      measureStreamTiming(rig, 'anthropic', profile.streamTiming),
    );
  }
  if (selected.has('many-streams')) {
    results.manyStreams = await phase(`many streams: ${profile.manyStreams.streams} concurrent`, () =>
      measureManyStreams(rig, profile.manyStreams),
    );
  }
  if (selected.has('throughput')) {
    results.throughput = await phase(`throughput: c=${profile.throughput.concurrency}`, () =>
      measureThroughput(rig, profile.throughput),
    );
  }

  // From here on the inspector is attached: memory readings after forced GCs.
  let inspector = await GatewayInspector.connect(gateway.child);
  const warmMemory = await inspector.liveMemory();
  const chatsAtWarm = await probe.chats(gatewayRefreshToken);
  log(
    `gateway warm: RSS ${(readProcSample(rig.gatewayPid).rssBytes / 1e6).toFixed(1)} MB, ` +
      `${(warmMemory.rssBytes / 1e6).toFixed(1)} MB after a full GC (live heap ${(warmMemory.heapUsedBytes / 1e6).toFixed(1)} MB)`,
  );
  if (selected.has('memory')) {
    const session = inspector;
    results.memory = await phase(`memory: ${profile.memory.streams} held streams`, () =>
      measureStreamMemory(rig, probe, session, profile.memory),
    );
  }
  inspector.close();
  await leakLoad(rig, profile.leakChats);
  finalRssBytes = readProcSample(rig.gatewayPid).rssBytes;
  inspector = await GatewayInspector.connect(gateway.child);
  const endMemory = await inspector.liveMemory();
  inspector.close();
  results.leak = {
    ok: true,
    value: leakCheck(warmMemory, endMemory, (await probe.chats(gatewayRefreshToken)) - chatsAtWarm),
  };
}

try {
  // First, while the reference proxy has served nothing yet: its idle RSS is the comparison.
  if (selected.has('footprint')) {
    results.footprint = await phase(
      `footprint: npm start idle and with ${profile.footprint.streams} streams`,
      () => measureFootprint(rig, repoRoot, profile.footprint),
    );
  }
  // Every other phase measures the bench's own gateway, warmed up first.
  if (only.some((name) => name !== 'footprint')) await measureGateway();
} finally {
  await probe.close();
  await gateway.stop();
  await reference.child.stop();
  await sim.child.stop();
}

const rows = metricRows(results);
if (rows.some((row) => row.verdict === 'ERROR')) exitCode = 1;
const finishedAt = new Date();
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  profile,
  environment: { ...environment, loadAverage1mAtEnd: readEnvironment(repoRoot).loadAverage1m },
  pinning,
  gatewayFinalRssBytes: finalRssBytes,
  rows,
  results,
};
mkdirSync(resultsDir, { recursive: true });
const stamp = startedAt
  .toISOString()
  .replaceAll(':', '-')
  .replace(/\.\d+Z$/, 'Z');
const text = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(join(resultsDir, `${stamp}.json`), text);
writeFileSync(join(resultsDir, 'latest.json'), text);

console.log('');
console.log(
  `Node ${environment.node} | ${environment.cpus}× ${environment.cpuModel} | commit ${environment.commit}` +
    `${environment.dirty ? '+dirty' : ''} | ${profile.name} run, ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s` +
    ` | load ${environment.loadAverage1m.toFixed(2)} → ${report.environment.loadAverage1mAtEnd.toFixed(2)}`,
);
console.log(
  'Shared 2-core VM: numbers are noisy. Each figure is a median of per-round medians; "added" is gateway − direct within a round.',
);
console.log('');
console.log(formatTable(rows));
console.log('');
console.log(
  'Contention per phase (other engineers share these cores; latencies inflate, CPU-time figures hold):',
);
for (const [name, outcome] of Object.entries(results) as [string, PhaseOutcome<unknown>][]) {
  if (outcome.contention) console.log(`  ${name}: ${describeContention(outcome.contention)}`);
}
console.log('');
console.log(`Gateway RSS at the end: ${(finalRssBytes / 1e6).toFixed(1)} MB`);
console.log(`Results: bench-results/${stamp}.json (and latest.json)`);
if (profileDir) console.log(`CPU profile: ${profileDir}`);
// Pools and probes are closed; an idle timer somewhere must not keep a finished bench alive.
process.exit(exitCode);

async function phase<T>(title: string, run: () => Promise<T>): Promise<PhaseOutcome<T>> {
  const started = performance.now();
  log(`${title} …`);
  const pids = { gateway: rig.gatewayPid, reference: rig.referencePid, sim: rig.simPid };
  const before = sampleContention(pids);
  let outcome: PhaseOutcome<T>;
  try {
    outcome = { ok: true, value: await run() };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  outcome.contention = contentionBetween(before, sampleContention(pids), pinning);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const result = outcome.ok ? `done in ${seconds} s` : `FAILED after ${seconds} s: ${outcome.error}`;
  log(`${title}: ${result}; ${describeContention(outcome.contention)}`);
  return outcome;
}

/** JIT-warms both processes on every code path the phases use, before anything is measured. */
function warmUp(target: Rig): Promise<void> {
  return mixedLoad(target, { prompt: 'Benchmark warm-up', perShape: 300, maxDurationMs: 10_000 });
}

/** Chats for the leak check between its two readings. */
function leakLoad(target: Rig, chats: number): Promise<void> {
  const perShape = Math.ceil(chats / 4);
  return mixedLoad(target, { prompt: 'Benchmark leak check', perShape, maxDurationMs: 30_000 });
}

/** Both APIs, streamed and not, 8 at a time, `perShape` chats each; any error fails the run. */
async function mixedLoad(
  target: Rig,
  options: { prompt: string; perShape: number; maxDurationMs: number },
): Promise<void> {
  const pool = loadPool(target.gatewayUrl, 8);
  try {
    for (const format of ['openai', 'anthropic'] as const) {
      for (const stream of [false, true]) {
        const shape = gatewayRequest({
          format,
          origin: target.gatewayUrl,
          proxyApiKey: target.proxyApiKey,
          prompt: stream ? `${options.prompt} [[sim:text 20]]` : nonStreamPrompt,
          stream,
        });
        const loop = await runClosedLoop(pool, shape, {
          concurrency: 8,
          maxRequests: options.perShape,
          maxDurationMs: options.maxDurationMs,
          countContent: stream,
        });
        if (loop.errors > 0)
          throw new Error(`${options.prompt} ${format}: ${loop.errors} errors, e.g. ${loop.firstError}`);
      }
    }
  } finally {
    await pool.close();
  }
}

function log(message: string): void {
  const seconds = ((Date.now() - (startedAt?.getTime() ?? Date.now())) / 1000).toFixed(1).padStart(5);
  console.error(`[${seconds}s] ${message}`);
}
