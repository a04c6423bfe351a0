import type { CredentialCheckResult } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import { enqueueJob, type JobData } from '@kirogate/jobs';
import type { JobQueue } from '@kirogate/platform';
import type { CredentialChecker } from './credential-checker.ts';
import { jobIdPart } from './job-id-part.ts';

export interface CheckCredentialDeps {
  readonly credentialAdmin: CredentialChecker;
  readonly jobQueue: JobQueue;
  /** Delay of the first re-check after a failure; doubles per further failure. */
  readonly recheckBaseDelayMs: number;
  /** The sweep period: a re-check that would come later than the next sweep is left to the sweep. */
  readonly sweepIntervalMs: number;
  readonly now: () => Date;
}

/**
 * Runs one health check through `CredentialAdmin.check`, which stores the verdict and revives a
 * credential that works again. A credential found invalid that was not invalid before starts a
 * backoff chain of re-checks (base, 2×base, 4×base… until the next sweep takes over), so a token that
 * comes back is revived within minutes rather than at the next sweep. A credential deleted meanwhile
 * ends its chain. Returns the verdict, or undefined for a deleted credential.
 */
export async function checkCredential(
  data: JobData<'credentialCheck'>,
  deps: CheckCredentialDeps,
  job: { readonly id: string },
): Promise<CredentialCheckResult | undefined> {
  let result: CredentialCheckResult;
  try {
    result = await deps.credentialAdmin.check(data.credentialId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  const startsChain = data.reason !== 'recheck' && data.previousStatus !== 'invalid';
  if (result.status === 'invalid' && (startsChain || data.reason === 'recheck')) {
    const step = data.reason === 'recheck' ? data.recheckStep + 1 : 0;
    const delayMs = deps.recheckBaseDelayMs * 2 ** step;
    if (delayMs < deps.sweepIntervalMs) {
      const chainId = data.chainId ?? jobIdPart(job.id);
      await enqueueJob(
        deps.jobQueue,
        'credentialCheck',
        { credentialId: data.credentialId, reason: 'recheck', recheckStep: step, chainId },
        { jobId: `recheck-${chainId}-${step}`, delayMs },
      );
    }
  }
  if (result.status === 'quota_exhausted' && result.quotaResetAt) {
    const delayMs = result.quotaResetAt.getTime() - deps.now().getTime();
    if (delayMs > 0 && delayMs < deps.sweepIntervalMs) {
      await enqueueJob(
        deps.jobQueue,
        'credentialCheck',
        { credentialId: data.credentialId, reason: 'recheck' },
        { jobId: `quota-${data.credentialId}-${result.quotaResetAt.getTime()}`, delayMs: delayMs + 1_000 },
      );
    }
  }
  return result;
}
