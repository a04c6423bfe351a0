import { limitCountersContract } from './contract-tests/limit-counters-contract.ts';
import { MemoryLimitCounters } from './memory-limit-counters.ts';

limitCountersContract('in-process', async () => {
  const counters = new MemoryLimitCounters();
  return { counters: [counters, counters], close: async () => undefined };
});
