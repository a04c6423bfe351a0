import type { CredentialCheckResult, CredentialState } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import { queueNames } from '@kirogate/jobs';
import { createPlatform } from '@kirogate/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from './check-credential.ts';
import type { CredentialChecker } from './credential-checker.ts';

const platforms: Array<ReturnType<typeof createPlatform>> = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((platform) => platform.close()));
});

/** A checker whose check answers with a fixed verdict. */
function answering(status: CredentialState | 'missing', extra: Partial<CredentialCheckResult> = {}) {
  const check = async (id: string): Promise<CredentialCheckResult> => {
    if (status === 'missing') throw new AppError('NOT_FOUND', 'No such credential');
    return {
      credentialId: id,
      status,
      reason: null,
      availableCredits: null,
      quotaResetAt: null,
      checkedAt: new Date(),
      ...extra,
    };
  };
  const list = async () => ({ items: [], total: 0 });
  return { check, list } satisfies CredentialChecker;
}

async function run(
  status: CredentialState | 'missing',
  data: Parameters<typeof checkCredential>[0],
  extra: Partial<CredentialCheckResult> = {},
) {
  const platform = createPlatform({ keyPrefix: 'check-test' });
  platforms.push(platform);
  const result = await checkCredential(
    data,
    {
      credentialAdmin: answering(status, extra),
      jobQueue: platform.jobQueue,
      recheckBaseDelayMs: 60_000,
      sweepIntervalMs: 3_600_000,
      now: () => new Date(),
    },
    { id: 'job-1' },
  );
  return { result, delayed: (await platform.jobQueue.counts(queueNames.credentials)).delayed };
}

describe('checkCredential', () => {
  it('starts a re-check chain when a check finds a working credential invalid', async () => {
    const { result, delayed } = await run('invalid', {
      credentialId: 'c1',
      reason: 'sweep',
      recheckStep: 0,
      previousStatus: 'active',
    });
    expect(result?.status).toBe('invalid');
    expect(delayed).toBe(1);
  });

  it('leaves a credential that was already invalid at the sweep to the sweeps', async () => {
    const { delayed } = await run('invalid', {
      credentialId: 'c1',
      reason: 'sweep',
      recheckStep: 0,
      previousStatus: 'invalid',
    });
    expect(delayed).toBe(0);
  });

  it('continues a chain until the next step would come after the next sweep', async () => {
    // 60 s × 2^5 = 32 min is before the hourly sweep; 60 s × 2^6 = 64 min is not.
    const before = await run('invalid', {
      credentialId: 'c1',
      reason: 'recheck',
      recheckStep: 4,
      chainId: 'x',
    });
    expect(before.delayed).toBe(1);
    const after = await run('invalid', {
      credentialId: 'c1',
      reason: 'recheck',
      recheckStep: 5,
      chainId: 'x',
    });
    expect(after.delayed).toBe(0);
  });

  it('ends the chain when the credential works again or is gone', async () => {
    expect((await run('active', { credentialId: 'c1', reason: 'recheck', recheckStep: 1 })).delayed).toBe(0);
    const gone = await run('missing', { credentialId: 'c1', reason: 'recheck', recheckStep: 1 });
    expect(gone).toEqual({ result: undefined, delayed: 0 });
  });

  it('re-checks an exhausted quota just after it resets, if that is before the next sweep', async () => {
    const soon = await run(
      'quota_exhausted',
      { credentialId: 'c1', reason: 'sweep', recheckStep: 0 },
      { quotaResetAt: new Date(Date.now() + 600_000) },
    );
    expect(soon.delayed).toBe(1);
    const late = await run(
      'quota_exhausted',
      { credentialId: 'c1', reason: 'sweep', recheckStep: 0 },
      { quotaResetAt: new Date(Date.now() + 86_400_000) },
    );
    expect(late.delayed).toBe(0);
  });
});
