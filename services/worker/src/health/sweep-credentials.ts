import { enqueueJob } from '@kirogate/jobs';
import type { JobQueue } from '@kirogate/platform';
import type { CredentialChecker } from './credential-checker.ts';
import { jobIdPart } from './job-id-part.ts';

export interface SweepCredentialsDeps {
  readonly credentialAdmin: CredentialChecker;
  readonly jobQueue: JobQueue;
  /** Pause between the checks of one sweep, which run as delayed jobs… */
  readonly spacingMs: number;
  /** …shortened so that a sweep's checks all start within 90 % of the sweep period. */
  readonly sweepIntervalMs: number;
}

const pageSize = 200;

/**
 * Enqueues one check per credential that an admin has not disabled, spaced out, with job ids derived
 * from the sweep's, so a retried sweep does not check a credential twice.
 * Returns the number of checks enqueued.
 */
export async function sweepCredentials(
  deps: SweepCredentialsDeps,
  sweep: { readonly id: string },
): Promise<number> {
  const sweepId = jobIdPart(sweep.id);
  let enqueued = 0;
  let seen = 0;
  for (let page = 1; ; page += 1) {
    const { items, total } = await deps.credentialAdmin.list({ page, pageSize });
    const spacingMs = Math.min(deps.spacingMs, Math.floor((deps.sweepIntervalMs * 0.9) / Math.max(total, 1)));
    for (const credential of items) {
      if (credential.status === 'disabled') continue;
      await enqueueJob(
        deps.jobQueue,
        'credentialCheck',
        { credentialId: credential.id, reason: 'sweep', previousStatus: credential.status },
        { jobId: `check-${credential.id}-${sweepId}`, delayMs: enqueued * spacingMs },
      );
      enqueued += 1;
    }
    // The broker may cap the page size; counting what came back works either way.
    seen += items.length;
    if (items.length === 0 || seen >= total) return enqueued;
  }
}
