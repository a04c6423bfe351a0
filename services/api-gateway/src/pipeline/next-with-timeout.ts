/**
 * Pulls one item, giving up after `ms`. On timeout `onTimeout` runs first (it aborts the upstream so the
 * pending read settles and frees its socket), then the error from `timeoutError` is thrown.
 */
export async function nextWithTimeout<T>(
  iterator: AsyncIterator<T>,
  ms: number,
  onTimeout: () => void,
  timeoutError: () => Error,
): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(timeoutError());
    }, ms);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Re-yields `iterator`, failing when the wait for any single item exceeds `ms`. One timer serves the
 * whole stream: each read re-arms it (`refresh`), so an event costs no timer, race or closure. When it
 * fires during a read, `onTimeout` aborts the upstream, which makes the pending read settle; that read
 * then fails with `timeoutError()`. Time the consumer spends between reads does not count: the timer
 * may fire then, and is ignored. It is cleared only at the end (a cleared timer cannot be refreshed).
 */
export function withIdleTimeout<T>(
  iterator: AsyncIterator<T>,
  ms: number,
  onTimeout: () => void,
  timeoutError: () => Error,
): AsyncIterableIterator<T> {
  let reading = false;
  let timedOut = false;
  let ended = false;
  const timer = setTimeout(() => {
    if (!reading) return;
    timedOut = true;
    onTimeout();
  }, ms).unref();
  const end = () => {
    ended = true;
    clearTimeout(timer);
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (timedOut) throw timeoutError();
      if (ended) return iterator.next();
      reading = true;
      timer.refresh();
      try {
        const result = await iterator.next();
        if (timedOut) throw timeoutError();
        if (result.done) end();
        return result;
      } catch (error) {
        end();
        throw timedOut ? timeoutError() : error;
      } finally {
        reading = false;
      }
    },
    async return() {
      end();
      await iterator.return?.();
      return { done: true, value: undefined };
    },
  };
}
