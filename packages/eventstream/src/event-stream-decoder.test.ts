import { crc32 } from 'node:zlib';
import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode-message.ts';
import { EventStreamDecoder } from './event-stream-decoder.ts';
import { EventStreamError, type EventStreamErrorCode } from './event-stream-error.ts';
import { type EventStreamMessage, headerString } from './event-stream-message.ts';

const HELLO_FRAME_HEX =
  '0000007f0000005c7c7db5a80b3a6576656e742d74797065070016617373697374616e74526573706f6e73654576656e74' +
  '0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d7479706507' +
  '00056576656e747b22636f6e74656e74223a2248656c6c6f227d9b5d0635';
const helloFrame = (): Uint8Array => new Uint8Array(Buffer.from(HELLO_FRAME_HEX, 'hex'));

const kiroEvent = (eventType: string, payload: unknown): Uint8Array =>
  encodeMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify(payload),
  );

const text = (message: EventStreamMessage): string => new TextDecoder().decode(message.payload);

/** A frame with a hand-made header block and both CRCs valid, to reach the header parser. */
function rawFrame(headerBlock: number[], payload = new Uint8Array()): Uint8Array {
  const total = 16 + headerBlock.length + payload.length;
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBlock.length);
  view.setUint32(8, crc32(frame.subarray(0, 8)));
  frame.set(headerBlock, 12);
  frame.set(payload, 12 + headerBlock.length);
  view.setUint32(total - 4, crc32(frame.subarray(0, total - 4)));
  return frame;
}

/** Just a prelude (with a valid CRC) announcing the given lengths. */
function prelude(total: number, headersLength: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headersLength);
  view.setUint32(8, crc32(bytes.subarray(0, 8)));
  return bytes;
}

function codeOf(run: () => unknown): EventStreamErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EventStreamError) return error.code;
    throw error;
  }
  return undefined;
}

function decodeAll(chunks: Uint8Array[]): EventStreamMessage[] {
  const decoder = new EventStreamDecoder();
  const messages = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return messages;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('EventStreamDecoder', () => {
  it('uses CRC-32/ISO-HDLC', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('decodes the worked example of the protocol reference', () => {
    const [message, ...rest] = decodeAll([helloFrame()]);
    expect(rest).toEqual([]);
    expect(message?.headers).toEqual({
      ':event-type': { type: 'string', value: 'assistantResponseEvent' },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    });
    expect(headerString(message!, ':event-type')).toBe('assistantResponseEvent');
    expect(JSON.parse(text(message!))).toEqual({ content: 'Hello' });
  });

  it('asks for more data below 12 bytes instead of failing', () => {
    const decoder = new EventStreamDecoder();
    expect(decoder.push(helloFrame().subarray(0, 11))).toEqual([]);
    expect(codeOf(() => decoder.end())).toBe('TRUNCATED');
  });

  it('yields the frame only after its last byte when fed one byte at a time', () => {
    const frame = helloFrame();
    const decoder = new EventStreamDecoder();
    for (let i = 0; i < frame.length - 1; i++) expect(decoder.push(frame.subarray(i, i + 1))).toEqual([]);
    const messages = decoder.push(frame.subarray(frame.length - 1));
    expect(messages.map(text)).toEqual(['{"content":"Hello"}']);
    decoder.end();
  });

  it('detects a flip of every byte, in the prelude by its CRC and elsewhere by the message CRC', () => {
    const frame = helloFrame();
    for (let i = 0; i < frame.length; i++) {
      const corrupt = helloFrame();
      corrupt[i] = corrupt[i]! ^ 0x01;
      const expected = i < 12 ? 'PRELUDE_CRC_MISMATCH' : 'MESSAGE_CRC_MISMATCH';
      expect(
        codeOf(() => decodeAll([corrupt])),
        `byte ${i}`,
      ).toBe(expected);
    }
  });

  const stream = concat([
    kiroEvent('assistantResponseEvent', { content: 'Hello' }),
    kiroEvent('toolUseEvent', { name: 'get_weather', toolUseId: 'tooluse_1', input: '{"city": "Pa' }),
    kiroEvent('assistantResponseEvent', { content: 'é€😀'.repeat(50) }),
    kiroEvent('meteringEvent', { unit: 'credit', unitPlural: 'credits', usage: 1.0 }),
    kiroEvent('contextUsageEvent', { contextUsagePercentage: 50 }),
  ]);
  const expected = decodeAll([stream]);

  it('decodes several frames per chunk in order', () => {
    expect(expected.map((message) => headerString(message, ':event-type'))).toEqual([
      'assistantResponseEvent',
      'toolUseEvent',
      'assistantResponseEvent',
      'meteringEvent',
      'contextUsageEvent',
    ]);
    expect(JSON.parse(text(expected[4]!))).toEqual({ contextUsagePercentage: 50 });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('decodes the same frames from random chunks (seed %i)', (seed) => {
    expect(decodeAll(splitAtRandom(stream, seed, seed * 40))).toEqual(expected);
  });

  it('decodes every byte-at-a-time split of a multi-frame stream', () => {
    const bytes = [...stream].map((byte) => new Uint8Array([byte]));
    expect(decodeAll(bytes)).toEqual(expected);
  });

  it('ignores empty chunks', () => {
    expect(decodeAll([new Uint8Array(), stream, new Uint8Array()])).toEqual(expected);
  });

  it('decodes a 1 MiB frame arriving in 1400-byte reads', () => {
    const payload = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
    const frame = encodeMessage({ ':message-type': 'event' }, payload);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < frame.length; at += 1400) chunks.push(frame.subarray(at, at + 1400));
    const [message] = decodeAll(chunks);
    expect(message?.payload).toEqual(payload);
  });

  it('returns payloads that do not alias the pushed chunk', () => {
    const frame = helloFrame();
    const [message] = decodeAll([frame]);
    frame.fill(0);
    expect(text(message!)).toBe('{"content":"Hello"}');
  });

  it('copies payloads out of Node Buffers too, whose slice() would be a view', () => {
    const chunk = Buffer.from(helloFrame());
    const [message] = decodeAll([chunk]);
    chunk.fill(0);
    expect(text(message!)).toBe('{"content":"Hello"}');
    expect(message?.payload.constructor).toBe(Uint8Array);
  });

  it('returns payloads as views into the pushed chunk when asked to', () => {
    const frame = helloFrame();
    const [message] = new EventStreamDecoder({ payloadViews: true }).push(frame);
    expect(text(message!)).toBe('{"content":"Hello"}');
    expect(message?.payload.buffer).toBe(frame.buffer);
    frame.fill(0);
    expect(text(message!)).not.toBe('{"content":"Hello"}');
  });

  it('rejects a frame announcing fewer than 16 bytes', () => {
    expect(codeOf(() => decodeAll([prelude(15, 0), new Uint8Array(3)]))).toBe('FRAME_TOO_SMALL');
  });

  it('rejects an oversize frame from its prelude, before buffering it', () => {
    const decoder = new EventStreamDecoder();
    expect(codeOf(() => decoder.push(prelude(16 * 1024 * 1024 + 1, 0)))).toBe('FRAME_TOO_LARGE');
    expect(codeOf(() => new EventStreamDecoder({ maxFrameLength: 100 }).push(helloFrame()))).toBe(
      'FRAME_TOO_LARGE',
    );
  });

  it('accepts a frame of exactly 16 MiB', () => {
    const frame = encodeMessage({}, new Uint8Array(16 * 1024 * 1024 - 16));
    expect(decodeAll([frame])[0]?.payload.length).toBe(16 * 1024 * 1024 - 16);
  });

  it('rejects a header block over 128 KiB', () => {
    expect(codeOf(() => new EventStreamDecoder().push(prelude(200_000, 128 * 1024 + 1)))).toBe(
      'FRAME_TOO_LARGE',
    );
  });

  it('rejects a header block longer than the frame', () => {
    expect(codeOf(() => new EventStreamDecoder().push(prelude(100, 85)))).toBe('MALFORMED_HEADERS');
  });

  const ascii = (value: string): number[] => [...Buffer.from(value, 'latin1')];
  it.each([
    ['an empty header name', [0, 7, 0, 0]],
    ['an unknown value type', [1, ...ascii('a'), 10]],
    ['a name running past the block', [5, ...ascii('ab')]],
    ['a missing value type', [1, ...ascii('a')]],
    ['a string length past the block', [1, ...ascii('a'), 7, 0, 9, ...ascii('abc')]],
    ['a truncated string length', [1, ...ascii('a'), 7, 0]],
    ['a truncated int32', [1, ...ascii('a'), 4, 0, 0]],
    ['invalid UTF-8 in a value', [1, ...ascii('a'), 7, 0, 2, 0xc3, 0x28]],
    ['a __proto__ header', [9, ...ascii('__proto__'), 0]],
  ])('rejects %s as MALFORMED_HEADERS', (_, block) => {
    expect(codeOf(() => decodeAll([rawFrame(block)]))).toBe('MALFORMED_HEADERS');
  });

  it('returns frames decoded before a fault and throws on the next call', () => {
    const corrupt = helloFrame();
    corrupt[40] = corrupt[40]! ^ 0xff;
    const decoder = new EventStreamDecoder();
    expect(decoder.push(concat([helloFrame(), corrupt])).map(text)).toEqual(['{"content":"Hello"}']);
    expect(codeOf(() => decoder.push(helloFrame()))).toBe('MESSAGE_CRC_MISMATCH');
    expect(codeOf(() => decoder.end())).toBe('MESSAGE_CRC_MISMATCH');
  });

  it('reports TRUNCATED when the input ends inside a frame', () => {
    const frame = helloFrame();
    const decoder = new EventStreamDecoder();
    decoder.push(concat([frame, frame.subarray(0, 50)]));
    expect(codeOf(() => decoder.end())).toBe('TRUNCATED');
  });
});
