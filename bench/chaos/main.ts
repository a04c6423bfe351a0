/**
 * `npm run chaos`: the fault matrix. Starts the scaled topology on this machine (see README.md, `npm run chaos`),
 * runs each fault under steady mixed load and prints one row per fault. Exit code 1 when a fault was
 * not handled (something unexpected reached a caller, or usage records differ from requests sent).
 *
 *   npm run chaos                      # every fault, a few minutes
 *   npm run chaos -- --quick           # the CI subset, shorter phases
 *   npm run chaos -- --only "Redis restart,upstream stalls"
 */
import { parseArgs } from 'node:util';
import { faultHandled, formatChaosTable } from './format-chaos-table.ts';
import { quickFaults, runChaos } from './run-chaos.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const only = values.only
  ? values.only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
  : values.quick
    ? quickFaults
    : [];
// Ctrl-C: exit through process.exit, so every server this run started is killed on the way out.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const started = performance.now();
const rows = await runChaos({
  only,
  requestsPerSecond: values.quick ? 6 : 10,
  phaseMs: values.quick ? 8_000 : 15_000,
  faultAtMs: values.quick ? 2_000 : 4_000,
  outageMs: 4_000,
  keysPerPhase: 3,
  recoveryWaitMs: 400_000,
  usageWaitMs: 120_000,
  log: (line) => console.error(`[chaos ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}`),
});
console.log(formatChaosTable(rows));
process.exitCode = rows.every(faultHandled) ? 0 : 1;
