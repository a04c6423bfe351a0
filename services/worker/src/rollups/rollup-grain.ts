export type RollupGrain = 'hour' | 'day';

const grainMs: Record<RollupGrain, number> = { hour: 3_600_000, day: 86_400_000 };

/** The start of the UTC hour or day containing `at`. */
export function bucketStart(grain: RollupGrain, at: Date): Date {
  const ms = grainMs[grain];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

export function bucketEnd(grain: RollupGrain, bucket: Date): Date {
  return new Date(bucket.getTime() + grainMs[grain]);
}

/** The bucket containing `now` and the one before it: what a scheduled run recomputes. */
export function recentBuckets(grain: RollupGrain, now: Date): Date[] {
  const current = bucketStart(grain, now);
  return [new Date(current.getTime() - grainMs[grain]), current];
}
