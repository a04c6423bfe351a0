import { jobQueueContract } from './contract-tests/job-queue-contract.ts';
import { MemoryJobQueue } from './memory-job-queue.ts';

jobQueueContract('in-process', async () => {
  const jobQueue = new MemoryJobQueue({ onError: () => undefined });
  return { jobQueue, close: () => jobQueue.close() };
});
