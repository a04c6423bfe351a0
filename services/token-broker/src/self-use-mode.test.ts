import { siteStateCacheKey } from '@kirogate/contracts';
import { MemoryCache } from '@kirogate/platform';
import { describe, expect, it } from 'vitest';
import { SelfUseMode } from './self-use-mode.ts';

describe('SelfUseMode', () => {
  it('reads the site snapshot, at most once per ttl', async () => {
    let now = 0;
    const cache = new MemoryCache();
    const mode = new SelfUseMode(cache, { ttlMs: 1000, now: () => now });
    expect(await mode.enabled()).toBe(false);
    await cache.set(siteStateCacheKey, { selfUseEnabled: true }, 60_000);
    now = 999;
    expect(await mode.enabled()).toBe(false);
    now = 1000;
    expect(await mode.enabled()).toBe(true);
  });
});
