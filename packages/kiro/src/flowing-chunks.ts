import type { Readable } from 'node:stream';

/** Chunks read ahead before the body is paused, and the level at which it resumes. */
export const readAhead = { pauseAt: 16, resumeBelow: 4 };

type Waiter = { resolve(result: IteratorResult<Uint8Array, undefined>): void; reject(error: unknown): void };

/**
 * The body's chunks from `data` events in flowing mode. Node's Readable async iterator goes through
 * `readable`, `read()` and a `nextTick` per chunk; for a stream of small frames, one per read, that was
 * a visible share of the gateway's CPU. The body pauses while `readAhead.pauseAt` chunks wait unread,
 * so a slow consumer still holds the upstream back.
 */
export function flowingChunks(
  body: Readable,
  asError: (error: unknown) => unknown,
): AsyncIterator<Uint8Array, undefined> {
  const queued: Uint8Array[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let waiter: Waiter | undefined;
  const settle = () => {
    const pending = waiter;
    if (!pending) return;
    if (queued.length > 0) {
      waiter = undefined;
      pending.resolve({ done: false, value: queued.shift() as Uint8Array });
    } else if (failure) {
      waiter = undefined;
      pending.reject(failure.error);
    } else if (ended) {
      waiter = undefined;
      pending.resolve({ done: true, value: undefined });
    }
  };
  body.on('data', (chunk: Uint8Array) => {
    queued.push(chunk);
    if (queued.length >= readAhead.pauseAt) body.pause();
    settle();
  });
  body.once('end', () => {
    ended = true;
    settle();
  });
  body.once('error', (error: unknown) => {
    failure ??= { error: asError(error) };
    settle();
  });
  body.once('close', () => {
    if (!ended) failure ??= { error: asError(new Error('The Kiro response body closed before its end')) };
    settle();
  });
  return {
    next() {
      if (queued.length > 0) {
        const value = queued.shift() as Uint8Array;
        if (queued.length < readAhead.resumeBelow && body.isPaused()) body.resume();
        return Promise.resolve({ done: false, value });
      }
      if (failure) return Promise.reject(failure.error);
      if (ended) return Promise.resolve({ done: true, value: undefined });
      if (body.isPaused()) body.resume();
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    return() {
      ended = true;
      queued.length = 0;
      body.destroy();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}
