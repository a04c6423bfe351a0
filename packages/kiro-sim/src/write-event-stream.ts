import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimStatsRecorder } from './sim-stats.ts';

export interface StreamDelivery {
  frames: Uint8Array[];
  /** Silence between the 200 headers and the first frame. */
  firstEventDelayMs: number;
  /** Silence between writes. */
  eventDelayMs: number;
  framesPerWrite: number;
  /** Cut each write into pieces at random boundaries. */
  splitWrites: boolean;
  /** Send a reset (RST) instead of the frame at this index. */
  resetAt?: number;
  /** Stop writing at this frame index and hold the connection open until the client leaves. */
  stallAt?: number;
}

/**
 * Streams frames as an `application/vnd.amazon.eventstream` 200, honouring backpressure. The
 * client leaving early counts as an aborted stream, which is how tests see a gateway propagate
 * cancellation upstream.
 */
export async function writeEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  delivery: StreamDelivery,
  stats: SimStatsRecorder,
): Promise<void> {
  const closed = new AbortController();
  let resetBySim = false;
  stats.streams.inFlight++;
  response.once('close', () => {
    stats.streams.inFlight--;
    if (response.writableFinished) {
      stats.streams.completed++;
      return;
    }
    if (!resetBySim) stats.streams.aborted++;
    closed.abort();
  });
  response.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': randomUUID(),
  });
  const { frames } = delivery;
  const unpaced = delivery.eventDelayMs === 0 && !delivery.splitWrites;
  if (
    unpaced &&
    delivery.firstEventDelayMs === 0 &&
    delivery.resetAt === undefined &&
    delivery.stallAt === undefined
  ) {
    // Headers, frames and the last chunk leave in one write, as a fast burst reaches a real client;
    // one syscall per frame would make the simulator, not the gateway, the bottleneck of a benchmark.
    response.end(Buffer.concat(frames));
    return;
  }
  response.flushHeaders();

  try {
    if (delivery.firstEventDelayMs > 0) {
      await sleep(delivery.firstEventDelayMs, undefined, { signal: closed.signal });
    }
    const step = unpaced ? frames.length : Math.max(1, delivery.framesPerWrite);
    for (let index = 0; index < frames.length; index += step) {
      if (closed.signal.aborted) return;
      const end = Math.min(frames.length, index + step);
      if (delivery.resetAt !== undefined && delivery.resetAt >= index && delivery.resetAt < end) {
        await write(response, frames.slice(index, delivery.resetAt), delivery.splitWrites, closed.signal);
        resetBySim = true;
        stats.streams.reset++;
        request.socket.resetAndDestroy();
        return;
      }
      if (delivery.stallAt !== undefined && delivery.stallAt >= index && delivery.stallAt < end) {
        await write(response, frames.slice(index, delivery.stallAt), delivery.splitWrites, closed.signal);
        await new Promise((resolve) => closed.signal.addEventListener('abort', resolve, { once: true }));
        return;
      }
      await write(response, frames.slice(index, end), delivery.splitWrites, closed.signal);
      if (delivery.eventDelayMs > 0 && end < frames.length) {
        await sleep(delivery.eventDelayMs, undefined, { signal: closed.signal });
      }
    }
    if (!closed.signal.aborted) response.end();
  } catch (error) {
    if (!closed.signal.aborted) throw error;
  }
}

async function write(
  response: ServerResponse,
  frames: Uint8Array[],
  split: boolean,
  signal: AbortSignal,
): Promise<void> {
  if (frames.length === 0) return;
  const bytes = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
  if (!split) {
    if (!response.write(bytes)) await drained(response, signal);
    return;
  }
  const pieces = cutRandomly(bytes);
  for (const piece of pieces) {
    if (signal.aborted) return;
    if (!response.write(piece)) await drained(response, signal);
    // Separate event-loop turns keep the pieces in separate TCP segments instead of one coalesced write.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function drained(response: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    response.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function cutRandomly(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(Math.random() * 64);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}
