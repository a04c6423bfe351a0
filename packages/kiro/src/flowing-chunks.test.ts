import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { flowingChunks, readAhead } from './flowing-chunks.ts';

const keep = (error: unknown) => error;

function chunk(i: number): Uint8Array {
  return new TextEncoder().encode(`chunk ${i};`);
}

describe('flowingChunks', () => {
  it('delivers every chunk in order, then done', async () => {
    const body = Readable.from(Array.from({ length: 50 }, (_, i) => chunk(i)));
    const chunks = flowingChunks(body, keep);
    const seen: string[] = [];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      seen.push(new TextDecoder().decode(next.value));
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `chunk ${i};`));
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('pauses the body while a slow reader lets chunks pile up, and resumes it as they are read', async () => {
    let produced = 0;
    const size = 8 * 1024;
    const body = new Readable({
      read() {
        produced += 1;
        this.push(produced <= 100 ? new Uint8Array(size) : null);
      },
    });
    const chunks = flowingChunks(body, keep);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nobody read: the body stopped after our read-ahead plus its own buffer, not after all 100.
    expect(body.isPaused()).toBe(true);
    expect(produced).toBeLessThanOrEqual(readAhead.pauseAt + body.readableHighWaterMark / size + 2);
    let read = 0;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) read += 1;
    expect(read).toBe(100);
  });

  it('rejects the pending read with the mapped error when the body fails', async () => {
    const body = new Readable({ read() {} });
    const chunks = flowingChunks(body, (error) => new Error(`mapped: ${(error as Error).message}`));
    body.push(chunk(1));
    expect((await chunks.next()).done).toBe(false);
    const pending = chunks.next();
    body.destroy(new Error('socket hang up'));
    await expect(pending).rejects.toThrow('mapped: socket hang up');
    await expect(chunks.next()).rejects.toThrow('mapped: socket hang up');
  });

  it('fails a body that closes without ending, and return() destroys the body', async () => {
    const cut = new Readable({ read() {} });
    const reads = flowingChunks(cut, keep);
    const pending = reads.next();
    cut.destroy();
    await expect(pending).rejects.toThrow(/closed before its end/);

    const left = new Readable({ read() {} });
    const early = flowingChunks(left, keep);
    left.push(chunk(1));
    await early.next();
    await early.return?.();
    expect(left.destroyed).toBe(true);
    expect(await early.next()).toEqual({ done: true, value: undefined });
  });
});
