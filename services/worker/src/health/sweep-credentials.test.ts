import type { CredentialFilter, CredentialState, CredentialSummary } from '@kirogate/contracts';
import { queueNames } from '@kirogate/jobs';
import { createPlatform } from '@kirogate/platform';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialChecker } from './credential-checker.ts';
import { sweepCredentials } from './sweep-credentials.ts';

const platforms: Array<ReturnType<typeof createPlatform>> = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((platform) => platform.close()));
});

/** A pool listed in pages of at most `cap`, whatever page size is asked for (as the broker caps it). */
function pool(statuses: CredentialState[], cap: number): CredentialChecker {
  const items = statuses.map((status, index) => ({ id: `c${index}`, status }) as CredentialSummary);
  return {
    check: () => Promise.reject(new Error('not used')),
    list: async (filter: CredentialFilter) => {
      const size = Math.min(filter.pageSize ?? 50, cap);
      const page = filter.page ?? 1;
      return { items: items.slice((page - 1) * size, page * size), total: items.length };
    },
  };
}

describe('sweepCredentials', () => {
  it('enqueues one check per credential not disabled, across pages the broker cut shorter', async () => {
    const platform = createPlatform({ keyPrefix: 'sweep-test' });
    platforms.push(platform);
    const statuses: CredentialState[] = Array.from({ length: 250 }, (_, index) =>
      index % 10 === 0 ? 'disabled' : index % 7 === 0 ? 'invalid' : 'active',
    );
    const deps = {
      credentialAdmin: pool(statuses, 60),
      jobQueue: platform.jobQueue,
      spacingMs: 1_000,
      sweepIntervalMs: 3_600_000,
    };
    const enqueued = await sweepCredentials(deps, { id: 'sweep-1' });
    expect(enqueued).toBe(statuses.filter((status) => status !== 'disabled').length);
    // A retried sweep enqueues nothing new: the check job ids derive from the sweep's.
    expect(await sweepCredentials(deps, { id: 'sweep-1' })).toBe(enqueued);
    const counts = await platform.jobQueue.counts(queueNames.credentials);
    expect(counts.waiting + counts.delayed + counts.active + counts.completed).toBe(enqueued);
  });
});
