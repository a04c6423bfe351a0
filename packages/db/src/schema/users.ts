import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { oneOf } from './one-of.ts';

/** Tables owned by user-service. */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const userStatuses = ['active', 'banned'] as const;

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    avatarUrl: text('avatar_url'),
    /** LinuxDo trust level (0–4); 0 for GitHub accounts. */
    trustLevel: integer('trust_level').notNull().default(0),
    isAdmin: boolean('is_admin').notNull().default(false),
    status: text('status', { enum: userStatuses }).notNull().default('active'),
    bannedAt: timestamp('banned_at', { withTimezone: true }),
    /** An admin's limits for this user, by limit name (0 = none); absent names take the defaults. */
    limitOverrides: jsonb('limit_overrides').$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (table) => [
    index('users_username_idx').on(table.username),
    check('users_status_check', oneOf(table.status, userStatuses)),
  ],
);

export const oauthProviders = ['github', 'linuxdo'] as const;

export const oauthAccounts = pgTable(
  'oauth_accounts',
  {
    provider: text('provider', { enum: oauthProviders }).notNull(),
    providerUserId: text('provider_user_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    providerUsername: text('provider_username'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ name: 'oauth_accounts_pkey', columns: [table.provider, table.providerUserId] }),
    index('oauth_accounts_user_id_idx').on(table.userId),
    check('oauth_accounts_provider_check', oneOf(table.provider, oauthProviders)),
  ],
);

export const apiKeyKinds = ['user', 'import'] as const;

/**
 * Keys are stored as SHA-256 hex plus a short display prefix; the plaintext is shown once. `user` keys
 * (`sk-`) call the gateway; `import` keys (`ik-`, issued by an admin) only import tokens for their user.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull().unique('api_keys_key_hash_unique'),
    keyPrefix: text('key_prefix').notNull(),
    kind: text('kind', { enum: apiKeyKinds }).notNull().default('user'),
    name: text('name').notNull().default(''),
    isActive: boolean('is_active').notNull().default(true),
    /**
     * @deprecated Frozen at migration 0006 (copied into the worker's `api_key_usage`, no longer
     * updated); read `keyUsageOf`. To be dropped by a later migration.
     */
    requestCount: bigint('request_count', { mode: 'number' }).notNull().default(0),
    /** The owner's limits for this key, by limit name, each at or below the owner's own. */
    limits: jsonb('limits').$type<Record<string, number>>().notNull().default({}),
    /** @deprecated Frozen at migration 0006 like `requestCount`; read `keyUsageOf`. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('api_keys_user_id_idx').on(table.userId),
    check('api_keys_key_hash_check', sql`${table.keyHash} ~ '^[0-9a-f]{64}$'`),
    check('api_keys_kind_check', oneOf(table.kind, apiKeyKinds)),
  ],
);

export const sessionKinds = ['user', 'admin'] as const;

/**
 * Server-side web sessions: the cookie carries a random id (HMAC-signed); only its SHA-256 is stored,
 * so a database leak does not hand out sessions. Deleting rows logs out at once (logout, ban).
 */
export const webSessions = pgTable(
  'web_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    kind: text('kind', { enum: sessionKinds }).notNull(),
    /** Null for the admin session, which belongs to the admin password rather than a user. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('web_sessions_user_id_idx').on(table.userId),
    index('web_sessions_expires_at_idx').on(table.expiresAt),
    check('web_sessions_kind_check', oneOf(table.kind, sessionKinds)),
    check('web_sessions_user_check', sql`(${table.kind} = 'admin') = (${table.userId} is null)`),
  ],
);

export const announcements = pgTable('announcements', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  content: text('content').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  allowGuest: boolean('allow_guest').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const announcementStatus = pgTable(
  'announcement_status',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    announcementId: integer('announcement_id')
      .notNull()
      .references(() => announcements.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ name: 'announcement_status_pkey', columns: [table.userId, table.announcementId] }),
  ],
);

/** Site switches and runtime overrides (e.g. the proxy key set from the admin panel). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ipBlacklist = pgTable('ip_blacklist', {
  ip: inet('ip').primaryKey(),
  reason: text('reason').notNull().default(''),
  bannedAt: timestamp('banned_at', { withTimezone: true }).notNull().defaultNow(),
});

export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Admin username, or `admin` for the password login, which has no user. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: jsonb('details'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('admin_audit_log_at_idx').on(table.at)],
);
