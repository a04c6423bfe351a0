import { describe, expect, it } from 'vitest';
import { cacheContract } from './contract-tests/cache-contract.ts';
import { MemoryCache } from './memory-cache.ts';

cacheContract('in-process', async () => ({ cache: new MemoryCache(), close: async () => undefined }));

describe('MemoryCache bound', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 10_000);
    await cache.set('b', 2, 10_000);
    await cache.get('a');
    await cache.set('c', 3, 10_000);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
  });
});
