import { AppError } from '@kirogate/errors';
import type { UsageEvent } from '@kirogate/jobs';
import { createPlatform, type JobQueue } from '@kirogate/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageRecorder } from './usage-recorder.ts';

function usageEvent(requestId: string): UsageEvent {
  return {
    requestId,
    correlationId: null,
    at: new Date().toISOString(),
    caller: 'env',
    userId: null,
    keyId: null,
    credentialId: null,
    model: 'claude-sonnet-4.5',
    api: 'openai',
    stream: false,
    status: 'success',
    httpStatus: 200,
    errorClass: null,
    inputTokens: 1,
    outputTokens: 1,
    credits: 0,
    ttftMs: null,
    durationMs: 1,
    attempts: 1,
    ip: null,
  };
}

const recorders: UsageRecorder[] = [];
afterEach(() => {
  for (const recorder of recorders.splice(0)) recorder.close();
});

function recorderOn(queue: JobQueue) {
  const transient: unknown[] = [];
  const rejected: Array<{ error: unknown; event: UsageEvent }> = [];
  const recorder = new UsageRecorder(queue, {
    maxBuffered: 10,
    retryIntervalMs: 600_000,
    onError: (error) => transient.push(error),
    onRejected: (error, event) => rejected.push({ error, event }),
  });
  recorders.push(recorder);
  return { recorder, transient, rejected };
}

describe('UsageRecorder', () => {
  it('drops a record the queue refuses for good once, with one report, instead of retrying it forever', async () => {
    const queue = createPlatform({ keyPrefix: 'usage-test:' }).jobQueue;
    const { recorder, transient, rejected } = recorderOn(queue);
    recorder.record(usageEvent('has:colon'));
    await recorder.flush();
    await recorder.flush();
    expect(recorder.buffered).toBe(0);
    expect(transient).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.event.requestId).toBe('has:colon');
    await queue.close();
  });

  it('keeps a record while the queue is unavailable and delivers it once the queue is back', async () => {
    const inner = createPlatform({ keyPrefix: 'usage-test:' }).jobQueue;
    let down = true;
    const flaky: JobQueue = {
      enqueue: (...args) =>
        down
          ? Promise.reject(new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is unavailable'))
          : inner.enqueue(...args),
      process: (...args) => inner.process(...args),
      schedule: (...args) => inner.schedule(...args),
      unschedule: (...args) => inner.unschedule(...args),
      counts: (...args) => inner.counts(...args),
      failed: (...args) => inner.failed(...args),
      close: () => inner.close(),
    };
    const { recorder, transient, rejected } = recorderOn(flaky);
    recorder.record(usageEvent('req-1'));
    await recorder.flush();
    expect(recorder.buffered).toBe(1);
    expect(transient.length).toBeGreaterThan(0);
    down = false;
    await recorder.flush();
    expect(recorder.buffered).toBe(0);
    expect(rejected).toEqual([]);
    expect((await inner.counts('usage')).waiting).toBe(1);
    await inner.close();
  });
});
