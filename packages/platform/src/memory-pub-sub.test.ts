import { pubSubContract } from './contract-tests/pub-sub-contract.ts';
import { MemoryPubSub } from './memory-pub-sub.ts';

pubSubContract('in-process', async (onError) => {
  const bus = new MemoryPubSub({ onError });
  return { buses: [bus, bus], close: async () => undefined };
});
