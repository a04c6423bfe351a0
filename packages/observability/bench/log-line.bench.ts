/**
 * Cost of the secret scrub per log line: `node --conditions=source packages/observability/bench/log-line.bench.ts`.
 * Compares the service logger with the same pino configuration minus the line scrub.
 */
import { pino } from 'pino';
import { createLogger } from '../src/create-logger.ts';

const sink = { write: (_line: string) => undefined };
const iterations = 50_000;
const fields = {
  model: 'claude-sonnet-4-5-20250929',
  status: 200,
  durationMs: 1834,
  req: { method: 'POST', path: '/v1/messages', headers: { 'user-agent': 'claude-cli/2.0.1' } },
};

/** Best of several interleaved rounds: the machine is shared, and the minimum is the least noisy. */
function measure(cases: Record<string, (i: number) => void>): void {
  const best: Record<string, number> = {};
  for (let round = 0; round < 7; round += 1) {
    for (const [name, log] of Object.entries(cases)) {
      for (let i = 0; i < 5_000; i += 1) log(i);
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i += 1) log(i);
      const nsPerLine = Number(process.hrtime.bigint() - started) / iterations;
      best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, nsPerLine);
    }
  }
  for (const [name, ns] of Object.entries(best))
    console.log(`${name.padEnd(34)} ${ns.toFixed(0).padStart(6)} ns/line`);
}

const scrubbed = createLogger({ service: 'bench', level: 'info', destination: sink });
const plain = pino(
  { level: 'info', base: { service: 'bench' }, timestamp: pino.stdTimeFunctions.isoTime },
  sink,
);

measure({
  'pino, no redaction': (i) => plain.info({ ...fields, i }, 'request finished'),
  'createLogger (redact + scrub)': (i) => scrubbed.info({ ...fields, i }, 'request finished'),
  'createLogger, filtered level': (i) => scrubbed.debug({ ...fields, i }, 'request finished'),
});
