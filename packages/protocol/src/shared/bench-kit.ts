import type { StreamEvent } from '../canonical/index.ts';

/** Rounds per measurement in the conversion benchmarks. */
export const benchRounds = 15;

/** Median wall time of `run` over `benchRounds` rounds, after three warm-up runs. */
export async function medianMs(run: () => Promise<void> | void): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < benchRounds; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(benchRounds / 2)] ?? Number.NaN;
}

/** `count` text deltas, then one tool call streamed in `count` argument fragments. */
export function benchStreamEvents(count: number, tool: { id: string; name: string }): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (let i = 0; i < count; i++) events.push({ type: 'text-delta', text: `token ${i} ` });
  events.push({ type: 'tool-call-start', index: 0, id: tool.id, name: tool.name });
  for (let i = 0; i < count; i++)
    events.push({ type: 'tool-call-delta', index: 0, argumentsDelta: `"k${i}":1,` });
  events.push({
    type: 'finish',
    reason: 'tool-calls',
    usage: { inputTokens: 1, outputTokens: 2 },
    truncated: false,
  });
  return events;
}
