import { type Db, usageHourlyByDimension } from '@kirogate/db';
import { and, eq, gte, sql } from 'drizzle-orm';

/** Requests and errors in the worker's hourly roll-up (`all` dimension) from `since` on. */
export async function requestsSince(db: Db, since: Date): Promise<{ requests: number; errors: number }> {
  const [row] = await db
    .select({
      requests: sql<number>`coalesce(sum(${usageHourlyByDimension.requests}), 0)::bigint`,
      errors: sql<number>`coalesce(sum(${usageHourlyByDimension.errors}), 0)::bigint`,
    })
    .from(usageHourlyByDimension)
    .where(and(eq(usageHourlyByDimension.dimension, 'all'), gte(usageHourlyByDimension.bucket, since)));
  return { requests: Number(row?.requests ?? 0), errors: Number(row?.errors ?? 0) };
}
