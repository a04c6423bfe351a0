import { describe, expect, it } from 'vitest';
import { parseFaultList } from './fault.ts';
import { FaultQueue } from './fault-queue.ts';

const names = (queue: FaultQueue, n: number) =>
  Array.from(
    { length: n },
    () =>
      queue
        .next()
        .map((fault) => fault.name)
        .join('+') || 'none',
  );

describe('FaultQueue', () => {
  it('serves queued faults first, then the scenario steps, then nothing', () => {
    const queue = new FaultQueue(
      [
        { fault: parseFaultList('throttled'), count: 2 },
        { fault: [], count: 1 },
        { fault: parseFaultList('stall,bad-crc'), count: 1 },
      ],
      false,
    );
    queue.push(parseFaultList('internal-error'), 2);
    expect(names(queue, 7)).toEqual([
      'internal-error',
      'internal-error',
      'throttled',
      'throttled',
      'none',
      'stall+bad-crc',
      'none',
    ]);
  });

  it('cycles a repeating scenario and starts over on reset', () => {
    const queue = new FaultQueue(
      [
        { fault: parseFaultList('throttled'), count: 1 },
        { fault: [], count: 2 },
      ],
      true,
    );
    expect(names(queue, 5)).toEqual(['throttled', 'none', 'none', 'throttled', 'none']);
    queue.reset();
    expect(names(queue, 1)).toEqual(['throttled']);
  });

  it('rejects unknown fault names', () => {
    expect(() => parseFaultList('throttled,melt-down')).toThrow(/melt-down/);
  });
});
