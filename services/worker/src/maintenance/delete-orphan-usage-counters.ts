import type { Db } from '@kirogate/db';
import { sql } from 'drizzle-orm';

/**
 * Deletes the usage counters of API keys and credentials that no longer exist (their owners deleted
 * them; the counter tables have no foreign keys). Returns the number of counter rows deleted.
 */
export async function deleteOrphanUsageCounters(db: Db): Promise<number> {
  const result = await db.execute<{ deleted: number }>(sql`
    with keys as (
      delete from api_key_usage u
      where not exists (select 1 from api_keys k where k.id = u.key_id)
      returning 1
    ),
    credentials_gone as (
      delete from credential_usage u
      where not exists (select 1 from credentials c where c.id = u.credential_id)
      returning 1
    )
    select ((select count(*) from keys) + (select count(*) from credentials_gone))::integer as deleted
  `);
  return Number(result.rows[0]?.deleted ?? 0);
}
