import type { Db } from '@kirogate/db';
import { type SQL, sql } from 'drizzle-orm';
import { bucketEnd, bucketStart, type RollupGrain } from './rollup-grain.ts';

const tables = {
  hour: { fine: 'usage_hourly', byDimension: 'usage_hourly_by_dimension' },
  day: { fine: 'usage_daily', byDimension: 'usage_daily_by_dimension' },
} as const;

const fineGroup = ['model', 'api', 'user_id', 'key_id', 'credential_id'];
const dimensionGroup = ['dimension', 'value'];

/** Each event once per dimension: the site, its model, user, key and credential ('' for none). */
const perDimension = sql.raw(`
  select x.dimension, x.value, e.*
  from e cross join lateral (values
    ('all', ''), ('model', e.model), ('user', coalesce(e.user_id, '')),
    ('key', coalesce(e.key_id, '')), ('credential', coalesce(e.credential_id, ''))
  ) as x(dimension, value)
`);

/**
 * Rebuilds one hourly or daily bucket from `usage_events`, into both roll-ups: the fine one (a row per
 * model, API, user, key and credential) and the one per dimension (site, model, user, key,
 * credential). Each row has request, error (also per error class), token and credit sums and latency
 * and TTFT percentiles computed by `percentile_cont` over the raw events. Replacing the bucket in one
 * transaction makes a rerun harmless, and late events are picked up by recomputing. Returns the
 * number of fine rows written.
 */
export async function recomputeRollup(db: Db, grain: RollupGrain, at: Date): Promise<number> {
  const from = bucketStart(grain, at);
  const to = bucketEnd(grain, from);
  const { fine, byDimension } = tables[grain];
  const events = sql`
    select * from usage_events
    where at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
  `;
  return db.transaction(async (tx) => {
    for (const table of [fine, byDimension]) {
      await tx.execute(sql`delete from ${sql.raw(table)} where bucket = ${from.toISOString()}::timestamptz`);
    }
    const written = await tx.execute<{ written: number }>(
      aggregate(fine, from, events, sql.raw('select * from e'), fineGroup),
    );
    await tx.execute(aggregate(byDimension, from, events, perDimension, dimensionGroup));
    return Number(written.rows[0]?.written ?? 0);
  });
}

/** `insert into table` one row per group of `rows` (built from the bucket's events `e`). */
function aggregate(table: string, bucket: Date, events: SQL, rows: SQL, group: readonly string[]): SQL {
  const keys = group.join(', ');
  const joinOn = group.map((column) => `b.${column} is not distinct from t.${column}`).join(' and ');
  const keysOfT = group.map((column) => `t.${column}`).join(', ');
  return sql`
    with e as (${events}),
    r as (${rows}),
    by_class as (
      select ${sql.raw(keys)}, jsonb_object_agg(error_class, n) as errors_by_class
      from (
        select ${sql.raw(keys)}, coalesce(error_class, 'unknown') as error_class, count(*)::integer as n
        from r where status = 'error'
        group by ${sql.raw(keys)}, coalesce(error_class, 'unknown')
      ) c
      group by ${sql.raw(keys)}
    ),
    t as (
      select ${sql.raw(keys)},
             count(*)::integer as requests,
             (count(*) filter (where status = 'error'))::integer as errors,
             sum(input_tokens)::bigint as input_tokens,
             sum(output_tokens)::bigint as output_tokens,
             sum(credits) as credits,
             sum(duration_ms)::bigint as duration_ms_sum,
             percentile_cont(0.5) within group (order by duration_ms) as duration_ms_p50,
             percentile_cont(0.95) within group (order by duration_ms) as duration_ms_p95,
             percentile_cont(0.99) within group (order by duration_ms) as duration_ms_p99,
             coalesce(sum(ttft_ms), 0)::bigint as ttft_ms_sum,
             count(ttft_ms)::integer as ttft_count,
             percentile_cont(0.5) within group (order by ttft_ms) as ttft_ms_p50,
             percentile_cont(0.95) within group (order by ttft_ms) as ttft_ms_p95,
             percentile_cont(0.99) within group (order by ttft_ms) as ttft_ms_p99
      from r
      group by ${sql.raw(keys)}
    ),
    written as (
      insert into ${sql.raw(table)} (
        bucket, ${sql.raw(keys)}, requests, errors, errors_by_class, input_tokens, output_tokens, credits,
        duration_ms_sum, duration_ms_p50, duration_ms_p95, duration_ms_p99,
        ttft_ms_sum, ttft_count, ttft_ms_p50, ttft_ms_p95, ttft_ms_p99
      )
      select ${bucket.toISOString()}::timestamptz, ${sql.raw(keysOfT)}, t.requests, t.errors,
             coalesce(b.errors_by_class, '{}'::jsonb), t.input_tokens, t.output_tokens, t.credits,
             t.duration_ms_sum, t.duration_ms_p50, t.duration_ms_p95, t.duration_ms_p99,
             t.ttft_ms_sum, t.ttft_count, t.ttft_ms_p50, t.ttft_ms_p95, t.ttft_ms_p99
      from t left join by_class b on ${sql.raw(joinOn)}
      returning 1
    )
    select count(*)::integer as written from written
  `;
}
