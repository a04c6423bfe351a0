import { Buffer } from 'node:buffer';
import { crc32 } from 'node:zlib';
import { EventStreamError } from './event-stream-error.ts';
import { HEADER_TYPE, MAX_FRAME_LENGTH, MAX_HEADERS_LENGTH, PRELUDE_LENGTH } from './frame-layout.ts';
import type { HeaderValue } from './header-value.ts';

const UUID = /^[0-9a-f]{8}-?(?:[0-9a-f]{4}-?){3}[0-9a-f]{12}$/i;
const INTEGER_RANGE = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
} as const;

/**
 * Encodes one event-stream frame with both CRCs. Headers are written in the given order; a record
 * means string headers (what Kiro sends). The result may be a view into a shared pool: mind its
 * `byteOffset` before touching `.buffer`.
 */
export function encodeMessage(
  headers: Array<[string, HeaderValue]> | Record<string, string>,
  payload: Uint8Array | string,
): Uint8Array {
  const entries: Array<[string, HeaderValue]> = Array.isArray(headers)
    ? headers
    : Object.entries(headers).map(([name, value]) => [name, { type: 'string', value }]);
  let headersLength = 0;
  for (const [name, value] of entries) headersLength += headerSize(name, value);
  if (headersLength > MAX_HEADERS_LENGTH) {
    throw new EventStreamError('FRAME_TOO_LARGE', `Header block of ${headersLength} bytes exceeds 128 KiB`);
  }
  const payloadLength = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const total = PRELUDE_LENGTH + headersLength + payloadLength + 4;
  if (total > MAX_FRAME_LENGTH) {
    throw new EventStreamError('FRAME_TOO_LARGE', `Frame of ${total} bytes exceeds 16 MiB`);
  }

  // Every byte is written below, so the pooled, uninitialised allocation is safe, and it is far cheaper
  // than a fresh ArrayBuffer per frame. Buffer#write encodes UTF-8 in place, without a temporary.
  const frame = Buffer.allocUnsafe(total);
  const view = new DataView(frame.buffer, frame.byteOffset, total);
  view.setUint32(0, total);
  view.setUint32(4, headersLength);
  view.setUint32(8, crc32(frame.subarray(0, 8)));
  let at = PRELUDE_LENGTH;
  for (const [name, value] of entries) at = writeHeader(frame, view, at, name, value);
  if (typeof payload === 'string') frame.write(payload, at);
  else frame.set(payload, at);
  view.setUint32(total - 4, crc32(frame.subarray(0, total - 4)));
  return frame;
}

function headerSize(name: string, value: HeaderValue): number {
  const nameLength = Buffer.byteLength(name);
  if (nameLength === 0 || nameLength > 255) {
    throw new EventStreamError('MALFORMED_HEADERS', `Header name must be 1..255 bytes, got ${nameLength}`);
  }
  return 2 + nameLength + valueSize(name, value);
}

function valueSize(name: string, value: HeaderValue): number {
  switch (value.type) {
    case 'boolean':
      return 0;
    case 'int8':
    case 'int16':
    case 'int32': {
      const [min, max] = INTEGER_RANGE[value.type];
      if (!Number.isInteger(value.value) || value.value < min || value.value > max) {
        throw new EventStreamError(
          'MALFORMED_HEADERS',
          `Value of header ${name} is not a valid ${value.type}`,
        );
      }
      return value.type === 'int8' ? 1 : value.type === 'int16' ? 2 : 4;
    }
    case 'int64':
    case 'timestamp':
      return 8;
    case 'uuid':
      if (!UUID.test(value.value)) {
        throw new EventStreamError('MALFORMED_HEADERS', `Value of header ${name} is not a UUID`);
      }
      return 16;
    case 'bytes':
    case 'string': {
      const length = value.type === 'string' ? Buffer.byteLength(value.value) : value.value.length;
      if (length > 0xffff) {
        throw new EventStreamError('MALFORMED_HEADERS', `Value of header ${name} exceeds 65535 bytes`);
      }
      return 2 + length;
    }
  }
}

function writeHeader(
  buffer: Buffer,
  view: DataView,
  start: number,
  name: string,
  value: HeaderValue,
): number {
  const nameLength = buffer.write(name, start + 1);
  buffer[start] = nameLength;
  let at = start + 1 + nameLength;
  switch (value.type) {
    case 'boolean':
      buffer[at] = value.value ? HEADER_TYPE.true : HEADER_TYPE.false;
      return at + 1;
    case 'int8':
      buffer[at] = HEADER_TYPE.int8;
      view.setInt8(at + 1, value.value);
      return at + 2;
    case 'int16':
      buffer[at] = HEADER_TYPE.int16;
      view.setInt16(at + 1, value.value);
      return at + 3;
    case 'int32':
      buffer[at] = HEADER_TYPE.int32;
      view.setInt32(at + 1, value.value);
      return at + 5;
    case 'int64':
      buffer[at] = HEADER_TYPE.int64;
      view.setBigInt64(at + 1, value.value);
      return at + 9;
    case 'timestamp':
      buffer[at] = HEADER_TYPE.timestamp;
      view.setBigInt64(at + 1, BigInt(value.value.getTime()));
      return at + 9;
    case 'uuid':
      buffer[at] = HEADER_TYPE.uuid;
      buffer.write(value.value.replaceAll('-', ''), at + 1, 'hex');
      return at + 17;
    case 'bytes':
      buffer[at] = HEADER_TYPE.bytes;
      view.setUint16(at + 1, value.value.length);
      buffer.set(value.value, at + 3);
      return at + 3 + value.value.length;
    case 'string': {
      buffer[at] = HEADER_TYPE.string;
      at += 3;
      const length = buffer.write(value.value, at);
      view.setUint16(at - 2, length);
      return at + length;
    }
  }
}
