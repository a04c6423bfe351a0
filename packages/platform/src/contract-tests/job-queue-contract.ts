import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAppError } from '@kirogate/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, JobQueue } from '../job-queue.ts';

export interface JobQueueHarness {
  readonly jobQueue: JobQueue;
  close(): Promise<void>;
}

const eventually = { timeout: 10_000, interval: 20 };

export function jobQueueContract(label: string, makeHarness: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${label}`, () => {
    let harness: JobQueueHarness;
    let jobs: JobQueue;
    let queue: string;
    beforeEach(async () => {
      harness = await makeHarness();
      jobs = harness.jobQueue;
      queue = `q${randomBytes(6).toString('hex')}`;
    });
    afterEach(() => harness.close());

    it('hands each job to the handler with its id, name and JSON data', async () => {
      const seen: Job[] = [];
      const id = await jobs.enqueue(queue, 'usage.record', { requestId: 'r1', at: new Date(0), n: 1 });
      await jobs.process(queue, async (job) => void seen.push(job), { concurrency: 1 });
      await vi.waitFor(() => expect(seen).toHaveLength(1), eventually);
      expect(seen[0]).toEqual({
        id,
        name: 'usage.record',
        data: { requestId: 'r1', at: '1970-01-01T00:00:00.000Z', n: 1 },
        attempt: 1,
      });
      await vi.waitFor(async () => expect((await jobs.counts(queue)).completed).toBe(1), eventually);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const attempts: number[] = [];
      await jobs.enqueue(queue, 'flaky', {}, { attempts: 3, backoffMs: 10 });
      await jobs.process(
        queue,
        async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error(`attempt ${job.attempt} failed`);
        },
        { concurrency: 1 },
      );
      await vi.waitFor(
        async () => expect(await jobs.counts(queue)).toMatchObject({ completed: 1 }),
        eventually,
      );
      expect(attempts).toEqual([1, 2, 3]);
      expect(await jobs.failed(queue, 10)).toEqual([]);
    });

    it('keeps a job that used up its attempts among the failed, newest first', async () => {
      await jobs.enqueue(queue, 'doomed', { which: 'first' }, { attempts: 2 });
      await jobs.process(
        queue,
        async (job) => {
          throw new Error(`boom ${(job.data as { which: string }).which}`);
        },
        { concurrency: 1 },
      );
      await vi.waitFor(async () => expect((await jobs.counts(queue)).failed).toBe(1), eventually);
      await jobs.enqueue(queue, 'doomed', { which: 'second' }, { attempts: 1 });
      await vi.waitFor(async () => expect((await jobs.counts(queue)).failed).toBe(2), eventually);
      const failed = await jobs.failed(queue, 10);
      expect(failed.map(({ name, data, attempts, error }) => ({ name, data, attempts, error }))).toEqual([
        { name: 'doomed', data: { which: 'second' }, attempts: 1, error: 'boom second' },
        { name: 'doomed', data: { which: 'first' }, attempts: 2, error: 'boom first' },
      ]);
      expect(await jobs.failed(queue, 1)).toHaveLength(1);
    });

    it('runs a job id once however often it is enqueued, before or after it ran', async () => {
      const runs: unknown[] = [];
      const first = await jobs.enqueue(queue, 'usage.record', { v: 1 }, { jobId: 'req-42' });
      const again = await jobs.enqueue(queue, 'usage.record', { v: 2 }, { jobId: 'req-42' });
      expect([first, again]).toEqual(['req-42', 'req-42']);
      expect((await jobs.counts(queue)).waiting).toBe(1);
      await jobs.process(queue, async (job) => void runs.push(job.data), { concurrency: 1 });
      await vi.waitFor(async () => expect((await jobs.counts(queue)).completed).toBe(1), eventually);
      await jobs.enqueue(queue, 'usage.record', { v: 3 }, { jobId: 'req-42' });
      await jobs.enqueue(queue, 'usage.record', { v: 4 }, { jobId: 'req-43' });
      await vi.waitFor(() => expect(runs).toHaveLength(2), eventually);
      expect(runs).toEqual([{ v: 1 }, { v: 4 }]);
    });

    it('refuses job ids BullMQ would refuse', async () => {
      for (const jobId of ['a:b', '42', '']) {
        const error = await jobs.enqueue(queue, 'x', {}, { jobId }).catch((e: unknown) => e);
        expect(isAppError(error) && error.code, jobId).toBe('INTERNAL');
      }
    });

    it('runs up to `concurrency` jobs at once and no more', async () => {
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      // The first jobs hold until three run side by side, however slowly the queue hands them out
      // (a fixed sleep could end before a slow fetch brought the next); a fourth would start meanwhile.
      const full = Promise.withResolvers<void>();
      for (let i = 0; i < 8; i += 1) await jobs.enqueue(queue, 'slow', { i });
      await jobs.process(
        queue,
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          if (running === 3) full.resolve();
          await full.promise;
          await sleep(40);
          running -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      await vi.waitFor(() => expect(done).toBe(8), eventually);
      expect(maxRunning).toBe(3);
    });

    it('holds a delayed job back until its delay has passed', async () => {
      const ran: number[] = [];
      const enqueuedAt = Date.now();
      await jobs.enqueue(queue, 'later', {}, { delayMs: 300 });
      expect(await jobs.counts(queue)).toMatchObject({ waiting: 0, delayed: 1 });
      await jobs.process(queue, async () => void ran.push(Date.now()), { concurrency: 1 });
      await vi.waitFor(() => expect(ran).toHaveLength(1), eventually);
      expect(ran[0]! - enqueuedAt).toBeGreaterThanOrEqual(300);
    });

    it('fires an every-ms schedule repeatedly with its name and data, until unscheduled', async () => {
      const runs: Job[] = [];
      await jobs.process(queue, async (job) => void runs.push(job), { concurrency: 1 });
      await jobs.schedule(queue, 'health-check', { everyMs: 100 }, { scope: 'all' });
      await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(3), eventually);
      expect(runs.every((job) => job.name === 'health-check')).toBe(true);
      expect(runs.every((job) => (job.data as { scope: string }).scope === 'all')).toBe(true);
      await jobs.unschedule(queue, 'health-check');
      const afterUnschedule = runs.length;
      await sleep(400);
      // One run may already have been waiting when the schedule was removed.
      expect(runs.length).toBeLessThanOrEqual(afterUnschedule + 1);
    });

    it('fires a cron schedule', async () => {
      const runs: string[] = [];
      await jobs.process(queue, async (job) => void runs.push(job.name), { concurrency: 1 });
      await jobs.schedule(queue, 'rollup', { cron: '* * * * * *' }, {});
      await vi.waitFor(() => expect(runs).toContain('rollup'), eventually);
      await jobs.unschedule(queue, 'rollup');
    });

    it('close waits for the running job to finish', async () => {
      const events: string[] = [];
      const started = Promise.withResolvers<void>();
      const release = Promise.withResolvers<void>();
      await jobs.process(
        queue,
        async () => {
          started.resolve();
          await release.promise;
          events.push('job finished');
        },
        { concurrency: 1 },
      );
      await jobs.enqueue(queue, 'long', {});
      await started.promise;
      const closing = jobs.close().then(() => events.push('closed'));
      await sleep(150);
      release.resolve();
      await closing;
      expect(events).toEqual(['job finished', 'closed']);
    });
  });
}
