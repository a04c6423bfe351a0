import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

export interface WriteSseOptions {
  /** What to send when nothing else was written for `heartbeatMs` (a ping event or an SSE comment). */
  heartbeat: string;
  heartbeatMs: number;
  /** A client that has not drained its buffer for this long is cut off (bounded memory per stream). */
  slowClientTimeoutMs: number;
  /** Aborted when the client goes away; the writer stops pulling from `chunks`. */
  signal: AbortSignal;
}

export interface WriteSseResult {
  /** Every chunk was written and the response ended normally. */
  completed: boolean;
  /** Milliseconds from the call until the first chunk reached the socket. */
  firstWriteMs: number | null;
}

/**
 * Writes an SSE body. Chunks produced in the same macrotask (all frames of one upstream read) are
 * coalesced into one socket write: in a streaming proxy the number of writes, not decoding, is what
 * costs CPU. Waits for `drain` so a slow reader cannot grow our memory.
 */
export async function writeSse(
  res: ServerResponse,
  chunks: AsyncIterable<string>,
  options: WriteSseOptions,
): Promise<WriteSseResult> {
  const started = performance.now();
  let firstWriteMs: number | null = null;
  let pending = '';
  let flushScheduled = false;
  let needsDrain = false;
  let lastWriteAt = performance.now();

  const write = (text: string): void => {
    if (res.writableEnded || res.destroyed) return;
    if (firstWriteMs === null) firstWriteMs = performance.now() - started;
    lastWriteAt = performance.now();
    if (!res.write(text)) needsDrain = true;
  };
  const flush = (): void => {
    flushScheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };

  const heartbeat = setInterval(
    () => {
      if (pending === '' && performance.now() - lastWriteAt >= options.heartbeatMs) write(options.heartbeat);
    },
    Math.max(50, Math.floor(options.heartbeatMs / 2)),
  );
  heartbeat.unref();

  try {
    for await (const chunk of chunks) {
      if (options.signal.aborted) return { completed: false, firstWriteMs };
      pending += chunk;
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
      if (needsDrain) {
        needsDrain = false;
        await waitForDrain(res, options);
      }
    }
    flush();
    if (!res.writableEnded && !res.destroyed) res.end();
    return { completed: !options.signal.aborted, firstWriteMs };
  } finally {
    clearInterval(heartbeat);
  }
}

async function waitForDrain(res: ServerResponse, options: WriteSseOptions): Promise<void> {
  const timeout = AbortSignal.timeout(options.slowClientTimeoutMs);
  try {
    await once(res, 'drain', { signal: AbortSignal.any([timeout, options.signal]) });
  } catch {
    // Either the client left or it reads too slowly to keep: both end the stream here.
    res.destroy();
  }
}
