import type { Db } from '@kirogate/db';
import type { RollupRequest } from '@kirogate/jobs';
import { retentionCutoff } from '../maintenance/delete-old-usage.ts';
import { recomputeRollup } from './recompute-rollup.ts';
import { bucketStart, type RollupGrain, recentBuckets } from './rollup-grain.ts';

export interface RunRollupDeps {
  readonly db: Db;
  readonly retentionDays: number;
  readonly now: () => Date;
}

/**
 * Recomputes the requested bucket, or the current and the previous one. A bucket that starts before
 * the retention cutoff is left alone: its raw events are (partly) gone, and its roll-up is the only
 * record left. Returns the buckets recomputed.
 */
export async function runRollup(
  grain: RollupGrain,
  data: RollupRequest,
  deps: RunRollupDeps,
): Promise<Date[]> {
  const now = deps.now();
  const buckets = data.bucket ? [bucketStart(grain, new Date(data.bucket))] : recentBuckets(grain, now);
  const cutoff = retentionCutoff(deps.retentionDays, now);
  const done: Date[] = [];
  for (const bucket of buckets) {
    if (bucket < cutoff) continue;
    await recomputeRollup(deps.db, grain, bucket);
    done.push(bucket);
  }
  return done;
}
