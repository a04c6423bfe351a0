import { createPlatform, type Job } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { queueNames } from './catalog.ts';
import { enqueueJob } from './enqueue-job.ts';
import { parseJob, UnknownJobError } from './parse-job.ts';

describe('enqueueJob and parseJob', () => {
  const platform = createPlatform({ keyPrefix: 'jobs-test' });

  it('refuses a payload that does not match its schema, before enqueueing', async () => {
    await expect(
      enqueueJob(platform.jobQueue, 'credentialCheck', { credentialId: '', reason: 'sweep' }),
    ).rejects.toBeInstanceOf(ZodError);
    expect((await platform.jobQueue.counts(queueNames.credentials)).waiting).toBe(0);
  });

  it('delivers parsed data with defaults applied to the processor of its queue', async () => {
    const seen: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      void platform.jobQueue.process(
        queueNames.credentials,
        async (job: Job) => {
          const parsed = parseJob(queueNames.credentials, job);
          if (parsed.kind === 'credentialCheck') seen.push(parsed.data);
          resolve();
        },
        { concurrency: 1 },
      );
    });
    await enqueueJob(platform.jobQueue, 'credentialCheck', { credentialId: 'c1', reason: 'manual' });
    await done;
    expect(seen).toEqual([{ credentialId: 'c1', reason: 'manual', recheckStep: 0 }]);
  });

  it('rejects a job whose name belongs to another queue', () => {
    const job: Job = { id: 'x', name: 'usage.record', data: {}, attempt: 1 };
    expect(() => parseJob(queueNames.maintenance, job)).toThrow(UnknownJobError);
  });
});
