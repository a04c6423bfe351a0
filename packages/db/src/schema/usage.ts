import {
  bigint,
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { oneOf } from './one-of.ts';

/** Tables owned by the worker. */

export const usageApis = ['openai', 'anthropic', 'responses'] as const;
export const usageStatuses = ['success', 'error', 'aborted'] as const;

/**
 * One row per finished request, written from the `usage` queue. The request id is the key, so a
 * redelivered job is a no-op. Caller ids are plain text without foreign keys: usage outlives keys and
 * users, and a caller's own token has no row anywhere.
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    requestId: text('request_id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Non-secret caller label, e.g. `server`, `user:<id>`, `own:<hash prefix>`. */
    caller: text('caller').notNull(),
    userId: text('user_id'),
    keyId: text('key_id'),
    credentialId: text('credential_id'),
    model: text('model').notNull(),
    api: text('api', { enum: usageApis }).notNull(),
    stream: boolean('stream').notNull(),
    status: text('status', { enum: usageStatuses }).notNull(),
    httpStatus: integer('http_status').notNull(),
    errorClass: text('error_class'),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    credits: numeric('credits', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    ttftMs: integer('ttft_ms'),
    durationMs: integer('duration_ms').notNull(),
    attempts: integer('attempts').notNull().default(1),
    ip: inet('ip'),
  },
  (table) => [
    index('usage_events_at_idx').on(table.at),
    index('usage_events_user_id_at_idx').on(table.userId, table.at),
    index('usage_events_key_id_at_idx').on(table.keyId, table.at),
    index('usage_events_credential_id_at_idx').on(table.credentialId, table.at),
    check('usage_events_api_check', oneOf(table.api, usageApis)),
    check('usage_events_status_check', oneOf(table.status, usageStatuses)),
  ],
);

/**
 * What every roll-up row measures. Percentiles are computed from `usage_events` for each bucket and
 * group (they cannot be merged from finer rows); sums allow exact means at any grouping.
 */
const measureColumns = () => ({
  requests: integer('requests').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  /** Errors per `error_class` (the gateway's closed set), e.g. `{"throttled": 3}`. */
  errorsByClass: jsonb('errors_by_class').$type<Record<string, number>>().notNull().default({}),
  inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
  outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
  credits: numeric('credits', { precision: 20, scale: 6, mode: 'number' }).notNull().default(0),
  durationMsSum: bigint('duration_ms_sum', { mode: 'number' }).notNull().default(0),
  durationMsP50: real('duration_ms_p50'),
  durationMsP95: real('duration_ms_p95'),
  durationMsP99: real('duration_ms_p99'),
  ttftMsSum: bigint('ttft_ms_sum', { mode: 'number' }).notNull().default(0),
  /** Requests that reported a time to first token (streams that produced output). */
  ttftCount: integer('ttft_count').notNull().default(0),
  ttftMsP50: real('ttft_ms_p50'),
  ttftMsP95: real('ttft_ms_p95'),
  ttftMsP99: real('ttft_ms_p99'),
});

/**
 * Roll-up columns shared by the hourly and daily tables: one row per model, API, user, key and
 * credential, so any of them can be summed over; percentiles hold for that row's group only.
 */
const rollupColumns = () => ({
  bucket: timestamp('bucket', { withTimezone: true }).notNull(),
  model: text('model').notNull(),
  api: text('api', { enum: usageApis }).notNull(),
  userId: text('user_id'),
  keyId: text('key_id'),
  credentialId: text('credential_id'),
  ...measureColumns(),
});

export const usageHourly = pgTable('usage_hourly', rollupColumns(), (table) => [
  unique('usage_hourly_bucket_key')
    .on(table.bucket, table.model, table.api, table.userId, table.keyId, table.credentialId)
    .nullsNotDistinct(),
  index('usage_hourly_user_id_bucket_idx').on(table.userId, table.bucket),
  index('usage_hourly_credential_id_bucket_idx').on(table.credentialId, table.bucket),
]);

export const usageDaily = pgTable('usage_daily', rollupColumns(), (table) => [
  unique('usage_daily_bucket_key')
    .on(table.bucket, table.model, table.api, table.userId, table.keyId, table.credentialId)
    .nullsNotDistinct(),
  index('usage_daily_user_id_bucket_idx').on(table.userId, table.bucket),
  index('usage_daily_credential_id_bucket_idx').on(table.credentialId, table.bucket),
]);

export const rollupDimensions = ['all', 'model', 'user', 'key', 'credential'] as const;
export type RollupDimension = (typeof rollupDimensions)[number];

/**
 * The same measures per single dimension, for charts: the whole site (`all`, value ''), each model,
 * user, key and credential (value '' for requests without one, e.g. the server's own callers). Unlike
 * sums, percentiles per model or per user cannot be read off the finer tables above.
 */
const dimensionColumns = () => ({
  bucket: timestamp('bucket', { withTimezone: true }).notNull(),
  dimension: text('dimension', { enum: rollupDimensions }).notNull(),
  value: text('value').notNull(),
  ...measureColumns(),
});

export const usageHourlyByDimension = pgTable('usage_hourly_by_dimension', dimensionColumns(), (table) => [
  primaryKey({
    name: 'usage_hourly_by_dimension_pkey',
    columns: [table.bucket, table.dimension, table.value],
  }),
  index('usage_hourly_by_dimension_value_idx').on(table.dimension, table.value, table.bucket),
  check('usage_hourly_by_dimension_dimension_check', oneOf(table.dimension, rollupDimensions)),
]);

export const usageDailyByDimension = pgTable('usage_daily_by_dimension', dimensionColumns(), (table) => [
  primaryKey({
    name: 'usage_daily_by_dimension_pkey',
    columns: [table.bucket, table.dimension, table.value],
  }),
  index('usage_daily_by_dimension_value_idx').on(table.dimension, table.value, table.bucket),
  check('usage_daily_by_dimension_dimension_check', oneOf(table.dimension, rollupDimensions)),
]);

/**
 * Requests per API key, counted from the usage events as they are inserted (a redelivered event is not
 * counted again). user-service owns the keys and reads these through `keyUsageOf`. No foreign key: the
 * worker never waits on or fails over a key being deleted; the retention job drops rows whose key is gone.
 */
export const apiKeyUsage = pgTable('api_key_usage', {
  keyId: uuid('key_id').primaryKey(),
  requestCount: bigint('request_count', { mode: 'number' }).notNull().default(0),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

/**
 * Outcomes and credits per credential, counted like `api_key_usage`; token-broker owns the credentials
 * and reads these through `credentialUsageOf`. Aborted requests count as neither success nor failure.
 */
export const credentialUsage = pgTable('credential_usage', {
  credentialId: uuid('credential_id').primaryKey(),
  successCount: bigint('success_count', { mode: 'number' }).notNull().default(0),
  failCount: bigint('fail_count', { mode: 'number' }).notNull().default(0),
  creditsUsed: numeric('credits_used', { precision: 20, scale: 6, mode: 'number' }).notNull().default(0),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});
