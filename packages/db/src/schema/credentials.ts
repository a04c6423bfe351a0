import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { oneOf } from './one-of.ts';
import { users } from './users.ts';

/** Tables owned by token-broker. */

export const credentialSources = ['server', 'donated'] as const;
export const credentialAuthKinds = ['social', 'idc'] as const;
export const credentialVisibilities = ['public', 'private'] as const;
export const credentialStatuses = [
  'active',
  'cooldown',
  'invalid',
  'disabled',
  'suspended',
  'quota_exhausted',
] as const;

/**
 * Kiro credentials. Secret columns hold `encryptSecret` envelopes whose AAD names the row and column,
 * so a ciphertext cannot be moved to another row or field; `key_id` shows which rows token-broker still
 * has to re-seal after a key rotation.
 */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for the server's own credentials. */
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    source: text('source', { enum: credentialSources }).notNull(),
    authKind: text('auth_kind', { enum: credentialAuthKinds }).notNull(),
    refreshTokenEnc: text('refresh_token_enc').notNull(),
    clientIdEnc: text('client_id_enc'),
    clientSecretEnc: text('client_secret_enc'),
    keyId: text('key_id').notNull(),
    /** SHA-256 hex of the refresh token: finds duplicates without decrypting. */
    tokenHash: text('token_hash').notNull().unique('credentials_token_hash_unique'),
    /** When the IdC client registration expires; it cannot refresh after that. */
    clientExpiresAt: timestamp('client_expires_at', { withTimezone: true }),
    region: text('region').notNull().default('us-east-1'),
    profileArn: text('profile_arn'),
    visibility: text('visibility', { enum: credentialVisibilities }).notNull().default('private'),
    anonymous: boolean('anonymous').notNull().default(false),
    status: text('status', { enum: credentialStatuses }).notNull().default('active'),
    statusReason: text('status_reason'),
    /** End of a `cooldown` or `quota_exhausted` status. */
    statusUntil: timestamp('status_until', { withTimezone: true }),
    /**
     * @deprecated This and the other request counters (`failCount`, `creditsUsed`, `lastUsedAt`) are
     * frozen at migration 0006 (copied into the worker's `credential_usage`, no longer updated); read
     * `credentialUsageOf`. To be dropped by a later migration.
     */
    successCount: bigint('success_count', { mode: 'number' }).notNull().default(0),
    /** @deprecated See `successCount`. */
    failCount: bigint('fail_count', { mode: 'number' }).notNull().default(0),
    /** @deprecated See `successCount`. */
    creditsUsed: numeric('credits_used', { precision: 20, scale: 6, mode: 'number' }).notNull().default(0),
    /** From getUsageLimits at the last check. */
    creditsLimit: numeric('credits_limit', { precision: 20, scale: 6, mode: 'number' }),
    creditsAvailable: numeric('credits_available', { precision: 20, scale: 6, mode: 'number' }),
    quotaResetsAt: timestamp('quota_resets_at', { withTimezone: true }),
    /** @deprecated See `successCount`. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastCheckAt: timestamp('last_check_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Bumped on every update; writers compare it to detect a concurrent change. */
    version: integer('version').notNull().default(0),
  },
  (table) => [
    index('credentials_owner_user_id_idx').on(table.ownerUserId),
    index('credentials_status_visibility_idx').on(table.status, table.visibility),
    index('credentials_key_id_idx').on(table.keyId),
    check('credentials_source_check', oneOf(table.source, credentialSources)),
    check('credentials_auth_kind_check', oneOf(table.authKind, credentialAuthKinds)),
    check('credentials_visibility_check', oneOf(table.visibility, credentialVisibilities)),
    check('credentials_status_check', oneOf(table.status, credentialStatuses)),
    check('credentials_owner_check', sql`(${table.source} = 'server') = (${table.ownerUserId} is null)`),
    check(
      'credentials_idc_client_check',
      sql`${table.authKind} = 'social' or (${table.clientIdEnc} is not null and ${table.clientSecretEnc} is not null)`,
    ),
  ],
);

/** One row per health check (refresh + getUsageLimits), for the history shown to owners and admins. */
export const credentialChecks = pgTable(
  'credential_checks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => credentials.id, { onDelete: 'cascade' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    ok: boolean('ok').notNull(),
    /** The outcome class, e.g. `ok`, `unauthorized`, `suspended`, `quota_exhausted`, `upstream_error`. */
    outcome: text('outcome').notNull(),
    /** Scrubbed and truncated; never an upstream body verbatim. */
    errorMessage: text('error_message'),
    creditsAvailable: numeric('credits_available', { precision: 20, scale: 6, mode: 'number' }),
    latencyMs: integer('latency_ms'),
  },
  (table) => [
    index('credential_checks_credential_id_checked_at_idx').on(table.credentialId, table.checkedAt.desc()),
  ],
);
