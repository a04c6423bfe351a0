import {
  type Db,
  usageDaily,
  usageDailyByDimension,
  usageEvents,
  usageHourlyByDimension,
} from '@kirogate/db';
import { and, count, eq, gte, ilike, sql } from 'drizzle-orm';

type Measures = typeof usageDailyByDimension.$inferSelect;

/** The bucket fields the charts read; percentiles come straight from the worker's roll-up. */
function measures(row: Measures) {
  return {
    requests: row.requests,
    errors: row.errors,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    credits: Number(row.credits),
    avg_latency_ms: row.requests === 0 ? null : Math.round(row.durationMsSum / row.requests),
    latency_p50_ms: row.durationMsP50,
    latency_p95_ms: row.durationMsP95,
    avg_ttft_ms: row.ttftCount === 0 ? null : Math.round(row.ttftMsSum / row.ttftCount),
    ttft_p50_ms: row.ttftMsP50,
    ttft_p95_ms: row.ttftMsP95,
  };
}

/**
 * Read-only views of the worker's roll-ups for the dashboards: the `all` and per-model/per-user rows
 * of `usage_*_by_dimension` (one row per bucket, with percentiles), per-API sums from `usage_daily`,
 * per-IP numbers from `usage_events`.
 */
export class UsageStats {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async overview() {
    const since24h = new Date(Date.now() - 24 * 3_600_000);
    const since30d = new Date(Date.now() - 30 * 86_400_000);
    const all = (table: typeof usageHourlyByDimension | typeof usageDailyByDimension, since: Date) =>
      this.#db
        .select()
        .from(table)
        .where(and(eq(table.dimension, 'all'), gte(table.bucket, since)))
        .orderBy(table.bucket);
    const [[totals], hourly, daily, models, apis] = await Promise.all([
      this.#db
        .select({
          requests: sql<number>`coalesce(sum(${usageDailyByDimension.requests}), 0)::bigint`,
          errors: sql<number>`coalesce(sum(${usageDailyByDimension.errors}), 0)::bigint`,
          inputTokens: sql<number>`coalesce(sum(${usageDailyByDimension.inputTokens}), 0)::bigint`,
          outputTokens: sql<number>`coalesce(sum(${usageDailyByDimension.outputTokens}), 0)::bigint`,
          credits: sql<number>`coalesce(sum(${usageDailyByDimension.credits}), 0)`,
          durationSum: sql<number>`coalesce(sum(${usageDailyByDimension.durationMsSum}), 0)::bigint`,
        })
        .from(usageDailyByDimension)
        .where(eq(usageDailyByDimension.dimension, 'all')),
      all(usageHourlyByDimension, since24h),
      all(usageDailyByDimension, since30d),
      this.#db
        .select({
          model: usageDailyByDimension.value,
          requests: sql<number>`sum(${usageDailyByDimension.requests})::int`,
        })
        .from(usageDailyByDimension)
        .where(and(eq(usageDailyByDimension.dimension, 'model'), gte(usageDailyByDimension.bucket, since30d)))
        .groupBy(usageDailyByDimension.value),
      this.#db
        .select({ api: usageDaily.api, requests: sql<number>`sum(${usageDaily.requests})::int` })
        .from(usageDaily)
        .where(gte(usageDaily.bucket, since30d))
        .groupBy(usageDaily.api),
    ]);
    const requests = Number(totals?.requests ?? 0);
    const errors = Number(totals?.errors ?? 0);
    return {
      total_requests: requests,
      success_requests: requests - errors,
      failed_requests: errors,
      input_tokens: Number(totals?.inputTokens ?? 0),
      output_tokens: Number(totals?.outputTokens ?? 0),
      credits: Number(totals?.credits ?? 0),
      avg_latency_ms: requests === 0 ? null : Math.round(Number(totals?.durationSum ?? 0) / requests),
      requests_24h: hourly.reduce((sum, row) => sum + row.requests, 0),
      model_usage: Object.fromEntries(models.map((row) => [row.model, Number(row.requests)])),
      api_usage: Object.fromEntries(apis.map((row) => [row.api, Number(row.requests)])),
      hourly: hourly.map((row) => ({ hour: row.bucket.toISOString(), ...measures(row) })),
      daily: daily.map((row) => ({ date: row.bucket.toISOString().slice(0, 10), ...measures(row) })),
    };
  }

  /** One user's days, from the per-user roll-up (with latency percentiles). */
  async userDaily(userId: string, days: number) {
    const since = new Date(Date.now() - days * 86_400_000);
    const rows = await this.#db
      .select()
      .from(usageDailyByDimension)
      .where(
        and(
          eq(usageDailyByDimension.dimension, 'user'),
          eq(usageDailyByDimension.value, userId),
          gte(usageDailyByDimension.bucket, since),
        ),
      )
      .orderBy(usageDailyByDimension.bucket);
    return rows.map((row) => ({ date: row.bucket.toISOString().slice(0, 10), ...measures(row) }));
  }

  async ipStats(query: {
    hours: number;
    search?: string | undefined;
    sortField: 'requests' | 'last_seen';
    sortOrder: 'asc' | 'desc';
    offset: number;
    pageSize: number;
  }) {
    const since = new Date(Date.now() - query.hours * 3_600_000);
    const conditions = [gte(usageEvents.at, since), sql`${usageEvents.ip} is not null`];
    if (query.search)
      conditions.push(ilike(sql`host(${usageEvents.ip})`, `%${query.search.replace(/[\\%_]/g, '\\$&')}%`));
    const where = and(...conditions);
    const requests = sql<number>`count(*)::int`;
    const lastSeen = sql<Date>`max(${usageEvents.at})`;
    const orderColumn = query.sortField === 'requests' ? requests : lastSeen;
    const [rows, [total]] = await Promise.all([
      this.#db
        .select({
          ip: sql<string>`host(${usageEvents.ip})`,
          requests,
          errors: sql<number>`count(*) filter (where ${usageEvents.status} = 'error')::int`,
          lastSeen,
        })
        .from(usageEvents)
        .where(where)
        .groupBy(usageEvents.ip)
        .orderBy(query.sortOrder === 'asc' ? sql`${orderColumn} asc` : sql`${orderColumn} desc`)
        .limit(query.pageSize)
        .offset(query.offset),
      this.#db
        .select({ n: count(sql`distinct ${usageEvents.ip}`) })
        .from(usageEvents)
        .where(where),
    ]);
    return {
      rows: rows.map((row) => ({
        ip: row.ip,
        requests: Number(row.requests),
        errors: Number(row.errors),
        lastSeen: new Date(row.lastSeen),
      })),
      total: total?.n ?? 0,
    };
  }
}
