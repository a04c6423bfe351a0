import { copyBytes } from './copy-bytes.ts';
import { EventStreamError } from './event-stream-error.ts';
import { HEADER_TYPE } from './frame-layout.ts';
import type { HeaderValue } from './header-value.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the header block `bytes[start, end)`. Unknown types, entries running past the block and
 * invalid UTF-8 are MALFORMED_HEADERS: once one entry is misread every later offset is garbage.
 */
export function decodeHeaders(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let at = start;
  while (at < end) {
    const nameLength = bytes[at]!;
    at += 1;
    if (nameLength === 0) throw malformed('empty header name');
    if (at + nameLength + 1 > end) throw malformed('header name runs past the header block');
    const name = decodeText(bytes, at, at + nameLength);
    // A header named __proto__ would replace the prototype of the plain record instead of adding a key.
    if (name === '__proto__') throw malformed('reserved header name');
    at += nameLength;
    const type = bytes[at]!;
    at += 1;
    const size = valueSize(type, view, at, end);
    if (at + size > end) throw malformed(`value of header ${name} runs past the header block`);
    headers[name] = readValue(type, bytes, view, at, size);
    at += size;
  }
  return headers;
}

function valueSize(type: number, view: DataView, at: number, end: number): number {
  switch (type) {
    case HEADER_TYPE.true:
    case HEADER_TYPE.false:
      return 0;
    case HEADER_TYPE.int8:
      return 1;
    case HEADER_TYPE.int16:
      return 2;
    case HEADER_TYPE.int32:
      return 4;
    case HEADER_TYPE.int64:
    case HEADER_TYPE.timestamp:
      return 8;
    case HEADER_TYPE.uuid:
      return 16;
    case HEADER_TYPE.bytes:
    case HEADER_TYPE.string:
      if (at + 2 > end) throw malformed('header value length runs past the header block');
      return 2 + view.getUint16(at);
    default:
      throw malformed(`unknown header value type ${type}`);
  }
}

function readValue(type: number, bytes: Uint8Array, view: DataView, at: number, size: number): HeaderValue {
  switch (type) {
    case HEADER_TYPE.true:
      return { type: 'boolean', value: true };
    case HEADER_TYPE.false:
      return { type: 'boolean', value: false };
    case HEADER_TYPE.int8:
      return { type: 'int8', value: view.getInt8(at) };
    case HEADER_TYPE.int16:
      return { type: 'int16', value: view.getInt16(at) };
    case HEADER_TYPE.int32:
      return { type: 'int32', value: view.getInt32(at) };
    case HEADER_TYPE.int64:
      return { type: 'int64', value: view.getBigInt64(at) };
    case HEADER_TYPE.bytes:
      return { type: 'bytes', value: copyBytes(bytes, at + 2, at + size) };
    case HEADER_TYPE.string:
      return { type: 'string', value: decodeText(bytes, at + 2, at + size) };
    case HEADER_TYPE.timestamp:
      return { type: 'timestamp', value: new Date(Number(view.getBigInt64(at))) };
    default:
      return { type: 'uuid', value: formatUuid(bytes, at) };
  }
}

/** Header names and values are short and almost always ASCII: no TextDecoder call for those. */
const asciiFastPathMax = 64;

function decodeText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= asciiFastPathMax) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) return decodeUtf8(bytes, start, end);
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decodeUtf8(bytes, start, end);
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    throw malformed('header text is not valid UTF-8');
  }
}

function formatUuid(bytes: Uint8Array, at: number): string {
  let hex = '';
  for (let i = at; i < at + 16; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function malformed(detail: string): EventStreamError {
  return new EventStreamError('MALFORMED_HEADERS', `Malformed event-stream headers: ${detail}`);
}
