import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { formatSse, formatSseComment } from './format-sse.ts';
import { SseParser } from './sse-parser.ts';

describe('formatSse', () => {
  it('writes an Anthropic-style event', () => {
    expect(formatSse({ event: 'message_stop', data: '{"type":"message_stop"}' })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('writes an OpenAI-style data-only event', () => {
    expect(formatSse({ data: '[DONE]' })).toBe('data: [DONE]\n\n');
  });

  it('gives every line of multi-line data its own data field, whatever the line ending', () => {
    expect(formatSse({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(formatSse({ data: '' })).toBe('data: \n\n');
    expect(formatSse({ data: 'x\n' })).toBe('data: x\ndata: \n\n');
  });

  it('writes id and retry fields', () => {
    expect(formatSse({ event: 'e', data: 'd', id: '42', retry: 3000 })).toBe(
      'event: e\ndata: d\nid: 42\nretry: 3000\n\n',
    );
  });

  it.each([
    ['a LF in the event name', { event: 'a\nb', data: '' }],
    ['a CR in the event name', { event: 'a\rb', data: '' }],
    ['a LF in the id', { id: '1\n', data: '' }],
    ['a CR in the id', { id: '\r1', data: '' }],
    ['a NUL in the id', { id: '1\u00002', data: '' }],
    ['a negative retry', { retry: -1, data: '' }],
    ['a fractional retry', { retry: 1.5, data: '' }],
  ])('rejects %s', (_, message) => {
    expect(() => formatSse(message)).toThrow(RangeError);
  });

  it('survives a round trip through the parser in random chunks', () => {
    const messages = [
      { event: 'content_block_delta', data: '{"text":"line1\\nline2"}' },
      { data: 'multi\nline\r\ndata\r' },
      { event: 'ping', data: '', id: 'evt-7' },
      { data: '  leading spaces and: colons' },
    ];
    const wire = messages.map(formatSse).join(formatSseComment('keep-alive'));
    for (const seed of [1, 2, 3, 4, 5]) {
      const parser = new SseParser();
      const events = splitAtRandom(wire, seed, 7).flatMap((piece) => parser.push(piece));
      events.push(...parser.end());
      expect(events).toEqual([
        { event: 'content_block_delta', data: '{"text":"line1\\nline2"}' },
        { data: 'multi\nline\ndata\n' },
        { event: 'ping', data: '', id: 'evt-7' },
        { data: '  leading spaces and: colons', id: 'evt-7' },
      ]);
    }
  });
});

describe('formatSseComment', () => {
  it('writes a comment block that parsers ignore', () => {
    expect(formatSseComment('ping')).toBe(': ping\n\n');
    expect(formatSseComment('a\nb')).toBe(': a\n: b\n\n');
    const parser = new SseParser();
    expect([...parser.push(formatSseComment('a\nb')), ...parser.end()]).toEqual([]);
  });
});
