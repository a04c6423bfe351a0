import { splitAtRandom } from '@kirogate/testing/random';
import type { StreamEvent } from '../canonical/index.ts';
import { kiroEventBatchesFromBytes } from './parse-kiro-event-stream.ts';
import type { KiroEvent } from './types.ts';

// Test support for stream code: real frame bytes through the decoder, and collection helpers.

/** Kiro events decoded from the frames' bytes after cutting them at random offsets. */
export function kiroEventsFromRandomChunks(
  frames: readonly Uint8Array[],
  seed: number,
): AsyncGenerator<KiroEvent> {
  return flatten(kiroEventBatchesFromBytes(fromArray(splitAtRandom(Buffer.concat(frames), seed, 40, 1))));
}

async function* flatten<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Joins adjacent deltas of the same kind, so event lists compare independently of chunking. */
export function coalesceDeltas(events: readonly StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (last?.type === 'text-delta' && event.type === 'text-delta') last.text += event.text;
    else if (last?.type === 'thinking-delta' && event.type === 'thinking-delta') last.text += event.text;
    else if (
      last?.type === 'tool-call-delta' &&
      event.type === 'tool-call-delta' &&
      last.index === event.index
    ) {
      last.argumentsDelta += event.argumentsDelta;
    } else out.push({ ...event });
  }
  return out;
}
