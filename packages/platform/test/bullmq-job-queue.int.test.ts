import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { BullmqJobQueue } from '../src/bullmq-job-queue.ts';
import { jobQueueContract } from '../src/contract-tests/job-queue-contract.ts';
import { closeRedis, requestPathRedis, workerRedis } from '../src/redis-connections.ts';

describeWithServices('BullmqJobQueue', { redis: true }, () => {
  jobQueueContract('BullMQ', async () => {
    const fixture = (await getTestRedis())!;
    const connection = requestPathRedis(fixture.url, { commandTimeoutMs: 10_000 });
    const workerConnection = workerRedis(fixture.url);
    const jobQueue = new BullmqJobQueue({
      connection,
      workerConnection,
      prefix: `${fixture.keyPrefix}:bull`,
      onError: () => undefined,
    });
    return {
      jobQueue,
      close: async () => {
        await jobQueue.close();
        await Promise.all([connection, workerConnection].map(closeRedis));
        await fixture.cleanup();
      },
    };
  });
});
