import { isIP } from 'node:net';
import type { Db } from '@kirogate/db';
import type { UsageEvent } from '@kirogate/jobs';
import { sql } from 'drizzle-orm';

export interface UsageBatchResult {
  /** Events that were new; redelivered ones (same request id) are not counted again. */
  readonly inserted: number;
  /** Distinct hours (UTC) of the inserted events, for roll-ups of past buckets. */
  readonly hours: readonly Date[];
}

/**
 * Inserts a batch of usage events and, for the rows actually inserted, adds their requests to the
 * worker's per-key counters (`api_key_usage`) and their outcomes and credits to its per-credential
 * counters (`credential_usage`), all in one statement, so it is atomic on the scaled and the embedded
 * Postgres alike. Only keys and credentials that still exist are counted; their tables, owned by
 * user-service and token-broker, are read here and never written (docs/decisions/0015-table-ownership.md).
 */
export async function writeUsageBatch(db: Db, events: readonly UsageEvent[]): Promise<UsageBatchResult> {
  if (events.length === 0) return { inserted: 0, hours: [] };
  const rows = JSON.stringify(events.map(toRow));
  const result = await db.execute<{ inserted: number; hours: string[] | null }>(sql`
    with input as (
      select * from jsonb_to_recordset(${rows}::jsonb) as x(
        request_id text, at timestamptz, caller text, user_id text, key_id text, credential_id text,
        model text, api text, stream boolean, status text, http_status integer, error_class text,
        input_tokens integer, output_tokens integer, credits numeric, ttft_ms numeric,
        duration_ms numeric, attempts integer, ip text
      )
    ),
    inserted as (
      insert into usage_events (
        request_id, at, caller, user_id, key_id, credential_id, model, api, stream, status,
        http_status, error_class, input_tokens, output_tokens, credits, ttft_ms, duration_ms, attempts, ip
      )
      select distinct on (request_id)
        request_id, at, caller, user_id, key_id, credential_id, model, api, stream, status,
        http_status, error_class, input_tokens, output_tokens, credits, round(ttft_ms)::integer,
        round(duration_ms)::integer, attempts, ip::inet
      from input
      order by request_id
      on conflict (request_id) do nothing
      returning request_id, at, key_id, credential_id, status, credits
    ),
    key_usage as (
      insert into api_key_usage as u (key_id, request_count, last_used_at)
      select k.id, s.requests, s.last_at
      from (
        select key_id, count(*) as requests, max(at) as last_at
        from inserted where key_id is not null group by key_id
      ) s
      join api_keys k on k.id::text = s.key_id
      on conflict (key_id) do update
      set request_count = u.request_count + excluded.request_count,
          last_used_at = greatest(u.last_used_at, excluded.last_used_at)
      returning 1
    ),
    credential_usage_added as (
      insert into credential_usage as u (credential_id, success_count, fail_count, credits_used, last_used_at)
      select c.id, s.succeeded, s.failed, s.credits, s.last_at
      from (
        select credential_id,
               count(*) filter (where status = 'success') as succeeded,
               count(*) filter (where status = 'error') as failed,
               sum(credits) as credits,
               max(at) as last_at
        from inserted where credential_id is not null group by credential_id
      ) s
      join credentials c on c.id::text = s.credential_id
      on conflict (credential_id) do update
      set success_count = u.success_count + excluded.success_count,
          fail_count = u.fail_count + excluded.fail_count,
          credits_used = u.credits_used + excluded.credits_used,
          last_used_at = greatest(u.last_used_at, excluded.last_used_at)
      returning 1
    )
    select
      (select count(*)::integer from inserted) as inserted,
      (select array_agg(distinct to_char(date_trunc('hour', at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"'))
         from inserted) as hours,
      (select count(*) from key_usage) + (select count(*) from credential_usage_added) as touched
  `);
  const [row] = result.rows;
  return {
    inserted: Number(row?.inserted ?? 0),
    hours: (row?.hours ?? []).map((hour) => new Date(hour)),
  };
}

function toRow(event: UsageEvent) {
  return {
    request_id: event.requestId,
    at: event.at,
    caller: event.caller,
    user_id: event.userId,
    key_id: event.keyId,
    credential_id: event.credentialId,
    model: event.model,
    api: event.api,
    stream: event.stream,
    status: event.status,
    http_status: event.httpStatus,
    error_class: event.errorClass,
    input_tokens: event.inputTokens,
    output_tokens: event.outputTokens,
    credits: event.credits,
    ttft_ms: event.ttftMs,
    duration_ms: event.durationMs,
    attempts: event.attempts,
    // An address the gateway could not parse is not worth losing the request's record over.
    ip: event.ip !== null && isIP(event.ip) !== 0 ? event.ip : null,
  };
}
