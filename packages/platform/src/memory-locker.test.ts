import { lockerContract } from './contract-tests/locker-contract.ts';
import { MemoryLocker } from './memory-locker.ts';

lockerContract('in-process', async () => {
  const locker = new MemoryLocker();
  return { lockers: [locker, locker], close: async () => undefined };
});
