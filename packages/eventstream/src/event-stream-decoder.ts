import { crc32 } from 'node:zlib';
import { copyBytes } from './copy-bytes.ts';
import { decodeHeaders } from './decode-headers.ts';
import { EventStreamError } from './event-stream-error.ts';
import type { EventStreamMessage } from './event-stream-message.ts';
import { MAX_FRAME_LENGTH, MAX_HEADERS_LENGTH, MIN_FRAME_LENGTH, PRELUDE_LENGTH } from './frame-layout.ts';

export interface EventStreamDecoderOptions {
  /** Largest accepted frame in bytes, both CRCs included. Default 16 MiB. */
  maxFrameLength?: number;
  /** Largest accepted header block in bytes. Default 128 KiB. */
  maxHeadersLength?: number;
  /**
   * Return payloads as views into the pushed chunks instead of copies. For callers that read each
   * payload before pushing the next chunk and keep nothing of it (the gateway turns it into text at
   * once); a kept view would pin the whole transport chunk. Default false.
   */
  payloadViews?: boolean;
}

/**
 * Split-safe AWS event-stream decoder: feed it transport chunks cut anywhere, get whole frames back.
 *
 * Chunks are queued and joined only once the frame they complete is whole, so a 16 MiB frame
 * arriving in 1 KiB reads is copied once, not once per read. Errors are fatal: frames decoded
 * before the fault in the same chunk are still returned, and the error is thrown by the next
 * `push` or `end` (and by every call after it). Pushed chunks are held by reference until their
 * frames are complete, so callers must not reuse a chunk's buffer after pushing it.
 */
export class EventStreamDecoder {
  readonly #maxFrameLength: number;
  readonly #maxHeadersLength: number;
  readonly #payloadViews: boolean;
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  /** Bytes that must be queued before decoding can make progress. */
  #needed = PRELUDE_LENGTH;
  #error: EventStreamError | undefined;

  constructor(options: EventStreamDecoderOptions = {}) {
    this.#maxFrameLength = options.maxFrameLength ?? MAX_FRAME_LENGTH;
    this.#maxHeadersLength = options.maxHeadersLength ?? MAX_HEADERS_LENGTH;
    this.#payloadViews = options.payloadViews ?? false;
  }

  push(chunk: Uint8Array): EventStreamMessage[] {
    if (this.#error) throw this.#error;
    if (chunk.length === 0) return [];
    this.#pending.push(chunk);
    this.#pendingLength += chunk.length;
    if (this.#pendingLength < this.#needed) return [];

    const bytes = this.#takePending();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const messages: EventStreamMessage[] = [];
    let offset = 0;
    try {
      while (bytes.length - offset >= PRELUDE_LENGTH) {
        const total = this.#readPrelude(bytes, view, offset);
        if (bytes.length - offset < total) {
          this.#keep(bytes.subarray(offset), total);
          return messages;
        }
        messages.push(decodeFrame(bytes, view, offset, total, this.#payloadViews));
        offset += total;
      }
    } catch (error) {
      if (!(error instanceof EventStreamError)) throw error;
      this.#error = error;
      if (messages.length === 0) throw error;
      return messages;
    }
    if (offset < bytes.length) this.#keep(bytes.subarray(offset), PRELUDE_LENGTH);
    return messages;
  }

  /** Declares the end of input; throws TRUNCATED when a partial frame is left over. */
  end(): void {
    if (this.#error) throw this.#error;
    if (this.#pendingLength > 0) {
      this.#error = new EventStreamError(
        'TRUNCATED',
        `Event stream ended inside a frame (${this.#pendingLength} bytes left over)`,
      );
      throw this.#error;
    }
  }

  #takePending(): Uint8Array {
    const pending = this.#pending;
    const bytes = pending.length === 1 ? pending[0]! : joinChunks(pending, this.#pendingLength);
    this.#pending = [];
    this.#pendingLength = 0;
    this.#needed = PRELUDE_LENGTH;
    return bytes;
  }

  #keep(rest: Uint8Array, needed: number): void {
    this.#pending = [rest];
    this.#pendingLength = rest.length;
    this.#needed = needed;
  }

  #readPrelude(bytes: Uint8Array, view: DataView, offset: number): number {
    const total = view.getUint32(offset);
    const headersLength = view.getUint32(offset + 4);
    const expectedCrc = view.getUint32(offset + 8);
    const actualCrc = crc32(bytes.subarray(offset, offset + 8));
    if (actualCrc !== expectedCrc) {
      throw new EventStreamError(
        'PRELUDE_CRC_MISMATCH',
        `Event-stream prelude CRC mismatch (expected ${hex(expectedCrc)}, computed ${hex(actualCrc)})`,
      );
    }
    if (total < MIN_FRAME_LENGTH) {
      throw new EventStreamError('FRAME_TOO_SMALL', `Event-stream frame of ${total} bytes is below 16`);
    }
    if (total > this.#maxFrameLength) {
      throw new EventStreamError(
        'FRAME_TOO_LARGE',
        `Event-stream frame of ${total} bytes exceeds the ${this.#maxFrameLength}-byte limit`,
      );
    }
    if (headersLength > this.#maxHeadersLength) {
      throw new EventStreamError(
        'FRAME_TOO_LARGE',
        `Event-stream header block of ${headersLength} bytes exceeds the ${this.#maxHeadersLength}-byte limit`,
      );
    }
    if (headersLength > total - MIN_FRAME_LENGTH) {
      throw new EventStreamError(
        'MALFORMED_HEADERS',
        `Event-stream header block of ${headersLength} bytes does not fit a ${total}-byte frame`,
      );
    }
    return total;
  }
}

function decodeFrame(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  total: number,
  payloadView: boolean,
): EventStreamMessage {
  const end = offset + total;
  const expectedCrc = view.getUint32(end - 4);
  const actualCrc = crc32(bytes.subarray(offset, end - 4));
  if (actualCrc !== expectedCrc) {
    throw new EventStreamError(
      'MESSAGE_CRC_MISMATCH',
      `Event-stream message CRC mismatch (expected ${hex(expectedCrc)}, computed ${hex(actualCrc)})`,
    );
  }
  const headersEnd = offset + PRELUDE_LENGTH + view.getUint32(offset + 4);
  return {
    headers: decodeHeaders(bytes, view, offset + PRELUDE_LENGTH, headersEnd),
    payload: payloadView ? bytes.subarray(headersEnd, end - 4) : copyBytes(bytes, headersEnd, end - 4),
  };
}

function joinChunks(chunks: Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
