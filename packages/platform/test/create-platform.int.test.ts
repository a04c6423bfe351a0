import { describeWithServices, getTestRedis, type TestRedis } from '@kirogate/testing';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createPlatform, type Platform } from '../src/create-platform.ts';

describeWithServices('createPlatform with Redis', { redis: true }, () => {
  let fixture: TestRedis;
  let platform: Platform;
  beforeEach(async () => {
    fixture = (await getTestRedis())!;
    platform = createPlatform({ redisUrl: fixture.url, keyPrefix: fixture.keyPrefix });
  });
  afterEach(async () => {
    await platform.close();
    await fixture.cleanup();
  });

  it('keeps every key under the prefix and shares state between replicas', async () => {
    const replica = createPlatform({ redisUrl: fixture.url, keyPrefix: fixture.keyPrefix });
    try {
      expect(platform.kind).toBe('redis');
      await platform.ping();
      await platform.cache.set('model-list', ['claude-sonnet-4.5'], 10_000);
      expect(await replica.cache.get('model-list')).toEqual(['claude-sonnet-4.5']);
      const lock = await platform.locker.acquire('refresh:cred-1', { ttlMs: 5000, waitMs: 0 });
      expect(await replica.locker.tryAcquire('refresh:cred-1', { ttlMs: 5000 })).toBeUndefined();
      await lock.release();
      await platform.rateLimiter.hit('ip:1', { limit: 5, windowMs: 10_000 });
      const ran: unknown[] = [];
      await replica.jobQueue.process('usage', async (job) => void ran.push(job.data), { concurrency: 1 });
      await platform.jobQueue.enqueue('usage', 'usage.record', { requestId: 'r1' }, { jobId: 'r1' });
      await vi.waitFor(() => expect(ran).toEqual([{ requestId: 'r1' }]), { timeout: 10_000 });

      const inspector = fixture.client();
      const ours = await inspector.keys(`${fixture.keyPrefix}:*`);
      expect(ours).toEqual(expect.arrayContaining([`${fixture.keyPrefix}:cache:model-list`]));
      expect(ours.some((key) => key.startsWith(`${fixture.keyPrefix}:rl:`))).toBe(true);
      expect(ours.some((key) => key.startsWith(`${fixture.keyPrefix}:bull:usage:`))).toBe(true);
    } finally {
      await replica.close();
    }
  });
});
