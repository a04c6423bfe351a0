import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { currentContext, runWithContext } from './request-context.ts';

describe('request context', () => {
  it('is absent outside a request', () => {
    expect(currentContext()).toBeUndefined();
  });

  it('follows a request across awaits, timers and stream callbacks', async () => {
    const requestId = randomUUID();
    const seen = await runWithContext({ requestId }, async () => {
      const ids: (string | undefined)[] = [currentContext()?.requestId];
      await nextTurn();
      ids.push(currentContext()?.requestId);
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          ids.push(currentContext()?.requestId);
          resolve();
        }, 1),
      );
      async function* events() {
        yield currentContext()?.requestId;
        await nextTurn();
        yield currentContext()?.requestId;
      }
      for await (const id of events()) ids.push(id);
      return ids;
    });
    expect(seen).toEqual(Array(5).fill(requestId));
    expect(currentContext()).toBeUndefined();
  });

  it('keeps interleaved requests apart', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all(
      ids.map((requestId, index) =>
        runWithContext({ requestId }, async () => {
          for (let step = 0; step < (index % 4) + 1; step += 1) await nextTurn();
          return currentContext()?.requestId;
        }),
      ),
    );
    expect(results).toEqual(ids);
  });

  it('shows fields filled in after authentication to later code of the same request', async () => {
    const userId = randomUUID();
    const later = await runWithContext({ requestId: randomUUID() }, async () => {
      const context = currentContext();
      if (context !== undefined) context.userId = userId;
      await nextTurn();
      return currentContext()?.userId;
    });
    expect(later).toBe(userId);
  });
});
