import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { parseSse } from './parse-sse.ts';
import { type SseEvent, SseParser } from './sse-parser.ts';

function parseInPieces(pieces: string[]): SseEvent[] {
  const parser = new SseParser();
  const events = pieces.flatMap((piece) => parser.push(piece));
  return [...events, ...parser.end()];
}

async function collect(source: AsyncIterable<Uint8Array | string>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(source)) events.push(event);
  return events;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const sample = [
  '\ufeff: comment first\n',
  'event: message_start\r\n',
  'data: {"a":1}\r\n',
  '\r\n',
  'data:no-space\r',
  'data:  two spaces\r',
  '\r',
  'id: 7\n',
  'event: ping\n',
  'data\n',
  '\n',
  'event: orphan\n',
  '\n',
  'retry: 100\n',
  'unknown: field\n',
  'data: after\n',
  '\n',
].join('');
const sampleEvents: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { data: 'no-space\n two spaces' },
  { event: 'ping', data: '', id: '7' },
  { data: 'after', id: '7' },
];

describe('SseParser', () => {
  it('handles CRLF, CR and LF, comments, a BOM, colons, ids and events without data', () => {
    expect(parseInPieces([sample])).toEqual(sampleEvents);
  });

  it('parses the same events one character at a time', () => {
    expect(parseInPieces([...sample])).toEqual(sampleEvents);
  });

  it.each([1, 2, 3, 4, 5, 6])('parses the same events from random pieces (seed %i)', (seed) => {
    expect(parseInPieces(splitAtRandom(sample, seed, 9))).toEqual(sampleEvents);
  });

  it('counts a CRLF split across pushes as one line end', () => {
    expect(parseInPieces(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('treats a lone CR followed by text in the next push as a line end', () => {
    expect(parseInPieces(['data: a\r', 'data: b\r\r'])).toEqual([{ data: 'a\nb' }]);
  });

  it('ignores an id containing NUL', () => {
    expect(parseInPieces(['id: 1\n\nid: 2\u00003\ndata: x\n\n'])).toEqual([{ data: 'x', id: '1' }]);
  });

  it('delivers an unterminated last event at end()', () => {
    const parser = new SseParser();
    expect(parser.push('data: [DONE]')).toEqual([]);
    expect(parser.end()).toEqual([{ data: '[DONE]' }]);
  });

  it('keeps a long line whole across many pushes', () => {
    const long = 'x'.repeat(100_000);
    expect(parseInPieces([...splitAtRandom(`data: ${long}\n\n`, 3, 1000)])).toEqual([{ data: long }]);
  });
});

describe('parseSse', () => {
  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('event: é\ndata: 世界😀\n\n');
    const pieces = [...bytes].map((byte) => new Uint8Array([byte]));
    expect(await collect(from(pieces))).toEqual([{ event: 'é', data: '世界😀' }]);
  });

  it('accepts string chunks and flushes the last event', async () => {
    expect(await collect(from(['data: a\n\nda', 'ta: b']))).toEqual([{ data: 'a' }, { data: 'b' }]);
  });
});
