import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSse } from './format-sse.ts';
import { SseParser } from './sse-parser.ts';

/** Strings rich in the characters SSE framing cares about. */
const sseText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r', '\r\n', ':', ' ', 'data: ', 'event: ', '\uFEFF', 'é', '😀'),
    fc.string({ maxLength: 3 }),
  ),
  maxLength: 40,
});

function parseAll(text: string, cuts: readonly number[]) {
  const parser = new SseParser();
  const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const events = [];
  let start = 0;
  for (const offset of [...offsets, text.length]) {
    events.push(...parser.push(text.slice(start, offset)));
    start = offset;
  }
  return events;
}

describe('formatSse (properties)', () => {
  it('frames any data and event name as exactly one event that parses back unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ event: fc.option(sseText, { nil: undefined }), data: sseText }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const framed: string[] = [];
          const expected: Array<{ event?: string; data: string }> = [];
          for (const message of messages) {
            const name = message.event;
            if (name !== undefined && /[\r\n]/.test(name)) {
              // A line break in a name would start another field: refused, never written.
              expect(() => formatSse(message)).toThrow(RangeError);
              continue;
            }
            framed.push(formatSse(message));
            expected.push({
              ...(name !== undefined && name !== '' ? { event: name } : {}),
              data: message.data.replace(/\r\n|\r/g, '\n'),
            });
          }
          const parsed = parseAll(framed.join(''), cuts).map((event) => ({
            ...(event.event !== undefined && event.event !== '' ? { event: event.event } : {}),
            data: event.data,
          }));
          expect(parsed).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
