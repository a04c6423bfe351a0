import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode-message.ts';
import { EventStreamDecoder } from './event-stream-decoder.ts';
import { EventStreamError } from './event-stream-error.ts';
import type { EventStreamMessage } from './event-stream-message.ts';

/** Feeds `bytes` cut at `cuts` (offsets, any order) and ends the stream. */
function decode(bytes: Uint8Array, cuts: readonly number[]): EventStreamMessage[] {
  const decoder = new EventStreamDecoder();
  const messages: EventStreamMessage[] = [];
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    messages.push(...decoder.push(bytes.slice(start, offset)));
    start = offset;
  }
  decoder.end();
  return messages;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// `__proto__` is refused by the decoder on purpose (it would replace the record's prototype); a
// valid stream never carries it.
const headerName = fc.string({ minLength: 1, maxLength: 20 }).filter((name) => name !== '__proto__');
const frame = fc.record({
  headers: fc.dictionary(headerName, fc.string({ maxLength: 50 }), { maxKeys: 4 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function expectOnlyEventStreamErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EventStreamError);
  }
}

describe('EventStreamDecoder (properties)', () => {
  it('decodes any sequence of valid frames, however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 5 }), cuts, (frames, at) => {
        const bytes = concat(frames.map((each) => encodeMessage(each.headers, each.payload)));
        const decoded = decode(bytes, at);
        expect(decoded).toHaveLength(frames.length);
        decoded.forEach((message, index) => {
          const sent = frames[index]!;
          expect(Buffer.from(message.payload)).toEqual(Buffer.from(sent.payload));
          expect(
            Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, value.value])),
          ).toEqual(sent.headers);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any single flipped byte of a frame with an EventStreamError, never a wrong message', () => {
    fc.assert(
      fc.property(frame, fc.nat(), fc.integer({ min: 1, max: 255 }), cuts, (sent, position, mask, at) => {
        const bytes = Uint8Array.from(encodeMessage(sent.headers, sent.payload));
        const index = position % bytes.length;
        bytes[index] = (bytes[index] ?? 0) ^ mask;
        expect(() => decode(bytes, at)).toThrow(EventStreamError);
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but EventStreamError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), cuts, (bytes, at) => {
        expectOnlyEventStreamErrors(() => decode(bytes, at));
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but EventStreamError on valid frames followed by garbage', () => {
    fc.assert(
      fc.property(frame, fc.uint8Array({ minLength: 1, maxLength: 64 }), cuts, (sent, garbage, at) => {
        expectOnlyEventStreamErrors(() =>
          decode(concat([encodeMessage(sent.headers, sent.payload), garbage]), at),
        );
      }),
      { numRuns: 300 },
    );
  });
});
