import type { Db } from '@kirogate/db';
import { sql } from 'drizzle-orm';

export interface RetentionOptions {
  readonly retentionDays: number;
  /** Rows per statement; each statement is its own short transaction. */
  readonly batchSize: number;
  readonly now: Date;
}

/** The first instant whose raw events are kept. */
export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes raw usage events older than the retention in batches until none is left; roll-ups are not
 * touched. Returns the number of events deleted.
 */
export async function deleteOldUsage(db: Db, options: RetentionOptions): Promise<number> {
  const cutoff = retentionCutoff(options.retentionDays, options.now).toISOString();
  let total = 0;
  for (;;) {
    const result = await db.execute<{ deleted: number }>(sql`
      with doomed as (
        select request_id from usage_events
        where at < ${cutoff}::timestamptz
        limit ${options.batchSize}
      ),
      deleted as (
        delete from usage_events where request_id in (select request_id from doomed) returning 1
      )
      select count(*)::integer as deleted from deleted
    `);
    const deleted = Number(result.rows[0]?.deleted ?? 0);
    total += deleted;
    if (deleted < options.batchSize) return total;
  }
}
