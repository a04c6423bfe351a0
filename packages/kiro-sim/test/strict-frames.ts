import { crc32 } from 'node:zlib';

export interface StrictFrame {
  headers: Array<[string, string]>;
  payload: string;
}

/**
 * An independent, deliberately strict event-stream reader for checking the simulator's bytes:
 * both CRCs, exact lengths, string headers only (all Kiro sends), UTF-8 that must be valid.
 * Chunks are joined as they arrive, so frames cut anywhere are handled.
 */
export class StrictFrameReader {
  #buffer = Buffer.alloc(0);
  readonly frames: StrictFrame[] = [];

  push(chunk: Uint8Array): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 12) {
      const total = this.#buffer.readUInt32BE(0);
      const headersLength = this.#buffer.readUInt32BE(4);
      if (crc32(this.#buffer.subarray(0, 8)) !== this.#buffer.readUInt32BE(8)) throw new Error('prelude CRC');
      if (total < 16 || headersLength > total - 16) throw new Error('bad lengths');
      if (this.#buffer.length < total) return;
      const frame = this.#buffer.subarray(0, total);
      if (crc32(frame.subarray(0, total - 4)) !== frame.readUInt32BE(total - 4))
        throw new Error('message CRC');
      this.frames.push({
        headers: readHeaders(frame.subarray(12, 12 + headersLength)),
        payload: utf8(frame.subarray(12 + headersLength, total - 4)),
      });
      this.#buffer = this.#buffer.subarray(total);
    }
  }

  end(): StrictFrame[] {
    if (this.#buffer.length > 0) throw new Error(`${this.#buffer.length} trailing bytes`);
    return this.frames;
  }
}

function readHeaders(block: Buffer): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  let at = 0;
  while (at < block.length) {
    const nameLength = block.readUInt8(at);
    const name = utf8(block.subarray(at + 1, at + 1 + nameLength));
    at += 1 + nameLength;
    if (block.readUInt8(at) !== 7) throw new Error(`header ${name} is not a string`);
    const valueLength = block.readUInt16BE(at + 1);
    if (at + 3 + valueLength > block.length) throw new Error('header overruns block');
    headers.push([name, utf8(block.subarray(at + 3, at + 3 + valueLength))]);
    at += 3 + valueLength;
  }
  return headers;
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Feeds bytes to a fresh reader in random pieces (seeded) and returns every frame. */
export function strictFrames(bytes: Uint8Array, seed: number): StrictFrame[] {
  const reader = new StrictFrameReader();
  let state = seed;
  let at = 0;
  while (at < bytes.length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 97);
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  return reader.end();
}
