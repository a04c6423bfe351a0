import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withIdleTimeout } from './next-with-timeout.ts';

/** A source whose reads wait for `push`, and reject once `abort` is called (like an aborted body). */
function controllable<T>() {
  const queued: T[] = [];
  let waiter: { resolve(result: IteratorResult<T>): void; reject(error: Error): void } | undefined;
  let returned = false;
  return {
    push(value: T) {
      if (waiter) {
        waiter.resolve({ done: false, value });
        waiter = undefined;
      } else queued.push(value);
    },
    abort() {
      waiter?.reject(new Error('aborted'));
      waiter = undefined;
    },
    get returned() {
      return returned;
    },
    iterator: {
      next: () =>
        queued.length > 0
          ? Promise.resolve({ done: false as const, value: queued.shift() as T })
          : new Promise<IteratorResult<T>>((resolve, reject) => {
              waiter = { resolve, reject };
            }),
      return: async () => {
        returned = true;
        return { done: true as const, value: undefined };
      },
    } satisfies AsyncIterator<T>,
  };
}

const timeoutError = () => new Error('idle timeout');

describe('withIdleTimeout', () => {
  it('passes items through while each arrives within the limit', async () => {
    const source = controllable<number>();
    let timeouts = 0;
    const guarded = withIdleTimeout(source.iterator, 150, () => (timeouts += 1), timeoutError);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      setTimeout(() => source.push(i), 20);
      const result = await guarded.next();
      seen.push(result.value as number);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(timeouts).toBe(0);
    await guarded.return?.();
    expect(source.returned).toBe(true);
  });

  it('aborts the upstream and fails the read that waited too long, and every read after it', async () => {
    const source = controllable<number>();
    let timeouts = 0;
    const guarded = withIdleTimeout(
      source.iterator,
      60,
      () => {
        timeouts += 1;
        source.abort();
      },
      timeoutError,
    );
    source.push(1);
    expect(await guarded.next()).toEqual({ done: false, value: 1 });
    await expect(guarded.next()).rejects.toThrow('idle timeout');
    expect(timeouts).toBe(1);
    await expect(guarded.next()).rejects.toThrow('idle timeout');
  });

  it('does not count the time the consumer spends between reads', async () => {
    const source = controllable<number>();
    let timeouts = 0;
    const guarded = withIdleTimeout(source.iterator, 60, () => (timeouts += 1), timeoutError);
    source.push(1);
    await guarded.next();
    // A slow client: far longer than the limit before the next read, which then gets its item at once.
    await sleep(200);
    source.push(2);
    expect(await guarded.next()).toEqual({ done: false, value: 2 });
    // The limit applies afresh to the following read.
    setTimeout(() => source.push(3), 20);
    expect(await guarded.next()).toEqual({ done: false, value: 3 });
    expect(timeouts).toBe(0);
  });

  it('passes a failure of the source through unchanged', async () => {
    const source = controllable<number>();
    const guarded = withIdleTimeout(source.iterator, 1_000, () => undefined, timeoutError);
    const read = guarded.next();
    source.abort();
    await expect(read).rejects.toThrow('aborted');
  });
});
