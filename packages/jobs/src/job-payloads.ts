import { z } from 'zod';

/** Start of an hour or a day as an ISO timestamp; the processor truncates it to its own grain. */
const bucketStart = z.iso.datetime({ offset: true });

/** Check one credential now (`sweep`), or again after it failed (`recheck`, with the backoff step). */
export const credentialCheckSchema = z.object({
  credentialId: z.string().min(1).max(64),
  reason: z.enum(['sweep', 'recheck', 'manual']),
  /** 0 for the first re-check after a failure, then 1, 2… (the delay doubles each step). */
  recheckStep: z.number().int().nonnegative().default(0),
  /** Status seen by the sweep; a credential that was already invalid does not start a backoff chain. */
  previousStatus: z.string().max(32).optional(),
  /** Names the backoff chain (after the check that started it), so its steps dedupe. */
  chainId: z.string().max(200).optional(),
});

/** Enqueue a check for every credential that is not disabled. */
export const credentialSweepSchema = z.object({});

/**
 * Recompute roll-up buckets from `usage_events`. Without `bucket` the processor takes the current and
 * the previous one, which covers events that arrive a little late.
 */
export const rollupSchema = z.object({ bucket: bucketStart.optional() });

/** Delete raw usage events older than the retention; roll-ups are kept. */
export const usageRetentionSchema = z.object({
  /** Overrides USAGE_RETENTION_DAYS for one run (admin action). */
  retentionDays: z.number().int().positive().optional(),
});

export const modelsRefreshSchema = z.object({});

/** Re-seal credential secrets still on a retired key with the current one (after a key rotation). */
export const secretsReencryptSchema = z.object({});

export type CredentialCheck = z.infer<typeof credentialCheckSchema>;
export type RollupRequest = z.infer<typeof rollupSchema>;
export type UsageRetention = z.infer<typeof usageRetentionSchema>;
