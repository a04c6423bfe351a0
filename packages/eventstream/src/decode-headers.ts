import { copyBytes } from './copy-bytes.ts';
import { EventStreamError } from './event-stream-error.ts';
import { HEADER_TYPE } from './frame-layout.ts';
import type { HeaderValue } from './header-value.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the header block `bytes[start, end)`. Unknown types, entries running past the block and
 * invalid UTF-8 are MALFORMED_HEADERS: once one entry is misread every later offset is garbage.
 *
 * An upstream repeats a handful of header blocks byte for byte (every Kiro text delta carries the same
 * three headers), so decoded blocks are kept, frozen and shared, and a block seen before costs one
 * byte comparison instead of six strings and four objects (a third of the gateway's allocations
 * came from here). At most `maxCachedBlocks` blocks of at most `maxCachedBlockLength` bytes are kept;
 * past that, blocks are decoded afresh, so an upstream sending ever-new headers cannot grow the cache.
 */
export function decodeHeaders(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
): Readonly<Record<string, HeaderValue>> {
  const length = end - start;
  if (length === 0) return noHeaders;
  if (length > maxCachedBlockLength) return decodeBlock(bytes, view, start, end);
  const candidates = cachedBlocks.get(length);
  if (candidates !== undefined) {
    for (const block of candidates) {
      if (compareBytes.call(bytes, block.bytes, 0, length, start, end) === 0) return block.headers;
    }
  }
  const headers = Object.freeze(decodeBlock(bytes, view, start, end));
  if (cachedBlockCount < maxCachedBlocks) {
    cachedBlockCount++;
    const entry = { bytes: copyBytes(bytes, start, end), headers };
    if (candidates === undefined) cachedBlocks.set(length, [entry]);
    else candidates.push(entry);
  }
  return headers;
}

const maxCachedBlocks = 256;
const maxCachedBlockLength = 512;
const cachedBlocks = new Map<
  number,
  Array<{ bytes: Uint8Array; headers: Readonly<Record<string, HeaderValue>> }>
>();
let cachedBlockCount = 0;
const noHeaders: Readonly<Record<string, HeaderValue>> = Object.freeze({});
// Native memcmp over ranges of both arrays, without making views of them.
const compareBytes = Buffer.prototype.compare as (
  this: Uint8Array,
  target: Uint8Array,
  targetStart: number,
  targetEnd: number,
  sourceStart: number,
  sourceEnd: number,
) => number;

function decodeBlock(
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
    const name = decodeUtf8(bytes, at, at + nameLength);
    // A header named __proto__ would replace the prototype of the plain record instead of adding a key.
    if (name === '__proto__') throw malformed('reserved header name');
    at += nameLength;
    const type = bytes[at]!;
    at += 1;
    const size = valueSize(type, view, at, end);
    if (at + size > end) throw malformed(`value of header ${name} runs past the header block`);
    headers[name] = Object.freeze(readValue(type, bytes, view, at, size));
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
      return { type: 'string', value: decodeUtf8(bytes, at + 2, at + size) };
    case HEADER_TYPE.timestamp:
      return { type: 'timestamp', value: new Date(Number(view.getBigInt64(at))) };
    default:
      return { type: 'uuid', value: formatUuid(bytes, at) };
  }
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
