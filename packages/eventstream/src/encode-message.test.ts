import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode-message.ts';
import { EventStreamDecoder } from './event-stream-decoder.ts';
import { EventStreamError } from './event-stream-error.ts';
import type { HeaderValue } from './header-value.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encodeMessage', () => {
  it('reproduces the worked assistantResponseEvent example byte for byte', () => {
    const frame = encodeMessage(
      {
        ':event-type': 'assistantResponseEvent',
        ':content-type': 'application/json',
        ':message-type': 'event',
      },
      '{"content":"Hello"}',
    );
    expect(hex(frame)).toBe(
      '0000007f0000005c7c7db5a80b3a6576656e742d74797065070016617373697374616e74526573706f6e73654576656e74' +
        '0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d7479706507' +
        '00056576656e747b22636f6e74656e74223a2248656c6c6f227d9b5d0635',
    );
  });

  it('reproduces the 144-byte exception frame prelude and message CRC', () => {
    const frame = encodeMessage(
      {
        ':exception-type': 'ThrottlingException',
        ':content-type': 'application/json',
        ':message-type': 'exception',
      },
      '{"message":"Too many requests"}',
    );
    expect(frame.length).toBe(144);
    expect(hex(frame.subarray(0, 12))).toBe('00000090000000618e91a9b7');
    expect(hex(frame.subarray(140))).toBe('feb6d812');
  });

  const everyType: Array<[string, HeaderValue]> = [
    [':true', { type: 'boolean', value: true }],
    [':false', { type: 'boolean', value: false }],
    ['byte', { type: 'int8', value: -128 }],
    ['short', { type: 'int16', value: 32767 }],
    ['int', { type: 'int32', value: -2147483648 }],
    ['long', { type: 'int64', value: -9007199254740993n }],
    ['blob', { type: 'bytes', value: new Uint8Array([0, 255, 7, 128]) }],
    ['text', { type: 'string', value: 'héllo → 世界 😀' }],
    ['empty', { type: 'string', value: '' }],
    ['when', { type: 'timestamp', value: new Date('2025-01-12T23:00:00.123Z') }],
    ['id', { type: 'uuid', value: '3f1c6c2e-1a4b-4a63-9d55-0c1d2e3f4a5b' }],
  ];

  it('round-trips every header type, keeping header order', () => {
    const frame = encodeMessage(everyType, new Uint8Array([1, 2, 3]));
    const decoder = new EventStreamDecoder();
    const [message] = splitAtRandom(frame, 11, 5).flatMap((chunk) => decoder.push(chunk));
    decoder.end();
    expect(Object.entries(message!.headers)).toEqual(everyType);
    expect([...message!.payload]).toEqual([1, 2, 3]);
  });

  it('writes booleans as wire types 0 and 1 with no value bytes', () => {
    const frame = encodeMessage([['t', { type: 'boolean', value: true }]], '');
    expect([...frame.subarray(12, 15)]).toEqual([1, 0x74, 0]);
    expect(frame.length).toBe(19);
    expect(encodeMessage([['f', { type: 'boolean', value: false }]], '')[14]).toBe(1);
  });

  it('decodes header blocks right whatever repeats, past the cache of known blocks', () => {
    // 700 distinct blocks overflow the 256-entry cache; blocks of equal length differ in their bytes.
    const values = ['Aa', 'BB', 'Aa', ...Array.from({ length: 700 }, (_, i) => `value-${i}`), 'BB', 'héllo'];
    for (const round of [1, 2]) {
      for (const value of values) {
        const [message] = new EventStreamDecoder().push(encodeMessage({ [`:name-${round}`]: value }, ''));
        expect(message?.headers).toEqual({ [`:name-${round}`]: { type: 'string', value } });
      }
    }
  });

  it('encodes an empty message as a 16-byte frame', () => {
    const frame = encodeMessage({}, '');
    expect(frame.length).toBe(16);
    expect(new EventStreamDecoder().push(frame)).toEqual([{ headers: {}, payload: new Uint8Array() }]);
  });

  it.each<[string, Array<[string, HeaderValue]>]>([
    ['an empty name', [['', { type: 'boolean', value: true }]]],
    ['a 256-byte name', [['n'.repeat(256), { type: 'boolean', value: true }]]],
    ['a 65536-byte string', [['s', { type: 'string', value: 's'.repeat(65536) }]]],
    ['an int8 out of range', [['b', { type: 'int8', value: 128 }]]],
    ['a fractional int32', [['i', { type: 'int32', value: 1.5 }]]],
    ['a malformed uuid', [['u', { type: 'uuid', value: 'not-a-uuid' }]]],
  ])('rejects %s', (_, headers) => {
    expect(() => encodeMessage(headers, '')).toThrow(EventStreamError);
  });

  it('refuses to build a frame over 16 MiB', () => {
    expect(() => encodeMessage({}, new Uint8Array(16 * 1024 * 1024 - 15))).toThrow(/exceeds 16 MiB/);
  });
});
