import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { decodeEventStream } from './decode-event-stream.ts';
import { encodeMessage } from './encode-message.ts';
import { EventStreamError } from './event-stream-error.ts';

const frames = Array.from({ length: 20 }, (_, i) =>
  encodeMessage({ ':event-type': 'assistantResponseEvent' }, JSON.stringify({ content: `delta ${i}` })),
);
const stream = new Uint8Array(Buffer.concat(frames));

async function* source(chunks: Uint8Array[], state = { returned: false }): AsyncGenerator<Uint8Array> {
  try {
    for (const chunk of chunks) yield chunk;
  } finally {
    state.returned = true;
  }
}

async function collect(chunks: Uint8Array[]): Promise<string[]> {
  const contents: string[] = [];
  for await (const message of decodeEventStream(source(chunks))) {
    contents.push(JSON.parse(new TextDecoder().decode(message.payload)).content);
  }
  return contents;
}

describe('decodeEventStream', () => {
  it.each([1, 2, 3, 4])('yields every frame of a randomly chunked body in order (seed %i)', async (seed) => {
    expect(await collect(splitAtRandom(stream, seed, 100))).toEqual(
      Array.from({ length: 20 }, (_, i) => `delta ${i}`),
    );
  });

  it('yields the frames before a cut, then rejects with TRUNCATED', async () => {
    const seen: string[] = [];
    const cut = stream.subarray(0, stream.length - 5);
    const run = async () => {
      for await (const message of decodeEventStream(source(splitAtRandom(cut, 9)))) {
        seen.push(new TextDecoder().decode(message.payload));
      }
    };
    await expect(run()).rejects.toSatisfy(
      (error) => error instanceof EventStreamError && error.code === 'TRUNCATED',
    );
    expect(seen).toHaveLength(19);
  });

  it('returns the source when the consumer stops early, so the request can be cancelled', async () => {
    const state = { returned: false };
    for await (const _ of decodeEventStream(source(splitAtRandom(stream, 5), state))) break;
    expect(state.returned).toBe(true);
  });
});
