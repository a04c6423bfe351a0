import { AppError, type ErrorCode } from '@kirogate/errors';
import { type UsageEvent, usageBatchMaxEvents } from '@kirogate/jobs';
import { createPlatform, type Job, type JobQueue } from '@kirogate/platform';
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
const queues: JobQueue[] = [];
afterEach(async () => {
  for (const recorder of recorders.splice(0)) recorder.close();
  for (const queue of queues.splice(0)) await queue.close();
});

function memoryQueue(): JobQueue {
  const queue = createPlatform({ keyPrefix: 'usage-test:' }).jobQueue;
  queues.push(queue);
  return queue;
}

/** A queue whose enqueue fails with `code` while `state.down` is true; it notes every job id tried. */
function flakyQueue(
  inner: JobQueue,
  state: { down: boolean; jobIds?: string[] },
  code: ErrorCode = 'DEPENDENCY_UNAVAILABLE',
): JobQueue {
  return {
    enqueue: (...args) => {
      state.jobIds?.push(args[3]?.jobId ?? '');
      return state.down
        ? Promise.reject(new AppError(code, 'The queue is unavailable'))
        : inner.enqueue(...args);
    },
    process: (...args) => inner.process(...args),
    schedule: (...args) => inner.schedule(...args),
    unschedule: (...args) => inner.unschedule(...args),
    counts: (...args) => inner.counts(...args),
    failed: (...args) => inner.failed(...args),
    close: () => inner.close(),
  };
}

async function consumed(queue: JobQueue): Promise<Job[]> {
  const jobs: Job[] = [];
  await queue.process('usage', async (job) => void jobs.push(job), { concurrency: 1 });
  return jobs;
}

function recorderOn(queue: JobQueue, options: { batchWindowMs?: number; maxBuffered?: number } = {}) {
  const transient: Array<{ error: unknown; dropped: number }> = [];
  const rejected: Array<{ error: unknown; events: readonly UsageEvent[] }> = [];
  const recorder = new UsageRecorder(queue, {
    batchWindowMs: options.batchWindowMs ?? 600_000,
    maxBuffered: options.maxBuffered ?? 10,
    retryIntervalMs: 600_000,
    onError: (error, dropped) => transient.push({ error, dropped }),
    onRejected: (error, events) => rejected.push({ error, events }),
  });
  recorders.push(recorder);
  return { recorder, transient, rejected };
}

const requestIdsOf = (job: Job | undefined) =>
  ((job?.data ?? { events: [] }) as { events: UsageEvent[] }).events.map((event) => event.requestId);

describe('UsageRecorder', () => {
  it('sends the events of one window as one usage.batch job, when the window closes', async () => {
    const queue = memoryQueue();
    const jobs = await consumed(queue);
    const { recorder } = recorderOn(queue, { batchWindowMs: 30 });
    recorder.record(usageEvent('req-1'));
    recorder.record(usageEvent('req-2'));
    recorder.record(usageEvent('req-3'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(jobs).toEqual([]);
    await expect.poll(() => jobs.length).toBe(1);
    expect(jobs[0]?.name).toBe('usage.batch');
    expect(jobs[0]?.id).toMatch(/^usage-[0-9a-f-]{36}$/);
    expect(requestIdsOf(jobs[0])).toEqual(['req-1', 'req-2', 'req-3']);

    recorder.record(usageEvent('req-4'));
    await expect.poll(() => jobs.length).toBe(2);
    expect(requestIdsOf(jobs[1])).toEqual(['req-4']);
    expect(jobs[1]?.id).not.toBe(jobs[0]?.id);
  });

  it('sends a full batch at once and opens the next one', async () => {
    const queue = memoryQueue();
    const jobs = await consumed(queue);
    const { recorder } = recorderOn(queue);
    for (let i = 0; i <= usageBatchMaxEvents; i++) recorder.record(usageEvent(`req-${i}`));
    await expect.poll(() => jobs.length).toBe(1);
    expect(requestIdsOf(jobs[0])).toHaveLength(usageBatchMaxEvents);
    await recorder.flush();
    await expect.poll(() => jobs.length).toBe(2);
    expect(requestIdsOf(jobs[1])).toEqual([`req-${usageBatchMaxEvents}`]);
  });

  it('sends the open batch on flush (shutdown) without waiting for its window', async () => {
    const queue = memoryQueue();
    const { recorder } = recorderOn(queue);
    recorder.record(usageEvent('req-1'));
    await recorder.flush();
    expect((await queue.counts('usage')).waiting).toBe(1);
  });

  it('drops a batch the queue refuses for good once, with one report, instead of retrying it forever', async () => {
    const queue = flakyQueue(memoryQueue(), { down: true }, 'INTERNAL');
    const { recorder, transient, rejected } = recorderOn(queue);
    recorder.record(usageEvent('req-1'));
    recorder.record(usageEvent('req-2'));
    await recorder.flush();
    await recorder.flush();
    expect(recorder.buffered).toBe(0);
    expect(transient).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.events.map((event) => event.requestId)).toEqual(['req-1', 'req-2']);
  });

  it('keeps a batch while the queue is unavailable and delivers it once, under the same job id, when it is back', async () => {
    const inner = memoryQueue();
    const state = { down: true, jobIds: [] as string[] };
    const { recorder, transient, rejected } = recorderOn(flakyQueue(inner, state));
    recorder.record(usageEvent('req-1'));
    recorder.record(usageEvent('req-2'));
    await recorder.flush();
    expect(recorder.buffered).toBe(2);
    expect(transient.length).toBeGreaterThan(0);
    state.down = false;
    await recorder.flush();
    expect(recorder.buffered).toBe(0);
    expect(rejected).toEqual([]);
    expect((await inner.counts('usage')).waiting).toBe(1);
    const jobs = await consumed(inner);
    await expect.poll(() => jobs.length).toBe(1);
    expect(requestIdsOf(jobs[0])).toEqual(['req-1', 'req-2']);
    expect(state.jobIds.length).toBeGreaterThan(2);
    expect(new Set(state.jobIds)).toEqual(new Set([jobs[0]?.id]));
  });

  it('drops the oldest batches whole once more events wait than it keeps, and says how many', async () => {
    const inner = memoryQueue();
    const state = { down: true };
    const { recorder, transient } = recorderOn(flakyQueue(inner, state), { maxBuffered: 5 });
    for (const batch of [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
      ['c1', 'c2'],
    ]) {
      for (const id of batch) recorder.record(usageEvent(id));
      await recorder.flush();
    }
    expect(recorder.buffered).toBe(4);
    expect(transient.reduce((sum, report) => sum + report.dropped, 0)).toBe(3);
    state.down = false;
    await recorder.flush();
    const jobs = await consumed(inner);
    await expect.poll(() => jobs.length).toBe(2);
    expect(jobs.map(requestIdsOf)).toEqual([
      ['b1', 'b2'],
      ['c1', 'c2'],
    ]);
  });
});
