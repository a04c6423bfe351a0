import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher.ts';

function recording(fail: (items: number[]) => Error | undefined = () => undefined) {
  const batches: number[][] = [];
  const write = async (items: number[]) => {
    const error = fail(items);
    if (error) throw error;
    batches.push(items);
  };
  return { batches, write };
}

class BadItem extends Error {}

describe('MicroBatcher', () => {
  it('writes a batch as soon as it is full and settles each item with its batch', async () => {
    const { batches, write } = recording();
    const batcher = new MicroBatcher({ maxItems: 3, maxWaitMs: 60_000, write });
    await Promise.all([1, 2, 3, 4, 5, 6].map((item) => batcher.add(item)));
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('writes a partial batch after the wait, and at once after close', async () => {
    const { batches, write } = recording();
    const batcher = new MicroBatcher({ maxItems: 100, maxWaitMs: 5, write });
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(batches).toEqual([[1, 2]]);
    const longWait = new MicroBatcher({ maxItems: 100, maxWaitMs: 3_600_000, write });
    const added = longWait.add(3);
    await longWait.close();
    await added;
    await longWait.add(4);
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });

  it('after close, writes what arrives in one turn together, and what arrives during a write next', async () => {
    const batches: number[][] = [];
    let started: () => void = () => undefined;
    const writing = new Promise<void>((resolve) => (started = resolve));
    let release: () => void = () => undefined;
    const batcher = new MicroBatcher<number>({
      maxItems: 100,
      maxWaitMs: 3_600_000,
      write: async (items) => {
        batches.push(items);
        if (items[0] !== 1) return;
        started();
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await batcher.close();
    const first = [1, 2].map((item) => batcher.add(item));
    await writing;
    const rest = [3, 4, 5].map((item) => batcher.add(item));
    release();
    await Promise.all([...first, ...rest]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('fails every item of a batch that failed for no item’s fault', async () => {
    const outage = new Error('connection lost');
    const batcher = new MicroBatcher({
      maxItems: 2,
      maxWaitMs: 60_000,
      write: recording(() => outage).write,
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results).toEqual([
      { status: 'rejected', reason: outage },
      { status: 'rejected', reason: outage },
    ]);
  });

  it('splits a batch that failed for one item’s fault until only that item fails', async () => {
    const { batches, write } = recording((items) => (items.includes(3) ? new BadItem() : undefined));
    const batcher = new MicroBatcher({
      maxItems: 5,
      maxWaitMs: 60_000,
      write,
      isItemError: (error) => error instanceof BadItem,
    });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((item) => batcher.add(item)));
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(batches.flat().sort()).toEqual([1, 2, 4, 5]);
  });

  it('writes one batch at a time; flush waits for all of them', async () => {
    let running = 0;
    let most = 0;
    const batcher = new MicroBatcher<number>({
      maxItems: 2,
      maxWaitMs: 60_000,
      write: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
      },
    });
    const added = [1, 2, 3, 4, 5].map((item) => batcher.add(item));
    await batcher.flush();
    await Promise.all(added);
    expect(most).toBe(1);
    expect(batcher.waiting).toBe(0);
  });
});
