import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { encodeFernet } from '../../src/import-kirogate/encode-fernet.ts';
import { kirogateFernetKey } from '../../src/import-kirogate/fernet.ts';

/** The plaintext behind what the seed files hold, for assertions. */
export interface KirogateSeed {
  usersDb: string;
  metricsDb: string;
  /** alice's active key, alice's disabled key, banned bob's key. */
  keys: { alice: string; aliceDisabled: string; bob: string };
  carolImportKey: string;
  /** alice's public anonymous social token, carol's private IdC token, bob's quota-exhausted one. */
  tokens: { alice: string; carol: string; bob: string };
  carolClient: { id: string; secret: string };
  proxyKey: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const userKey = (prefix: 'sk' | 'ik') => `${prefix}-${randomBytes(24).toString('hex')}`;

/**
 * Writes `users.db` and `metrics.db` in `dir` with the Python KiroGate's tables (column names and
 * types as it creates them), sealing tokens with Fernet under `encryptKey` as it did. `refreshToken`
 * makes tokens the Kiro simulator accepts.
 */
export function writeKirogateSeed(
  dir: string,
  encryptKey: string,
  refreshToken: (label: string) => string,
): KirogateSeed {
  const fernet = kirogateFernetKey(encryptKey);
  const seal = (value: string) => encodeFernet(value, fernet);
  const now = Date.parse('2026-06-01T12:00:00Z');
  const seed: KirogateSeed = {
    usersDb: join(dir, 'users.db'),
    metricsDb: join(dir, 'metrics.db'),
    keys: { alice: userKey('sk'), aliceDisabled: userKey('sk'), bob: userKey('sk') },
    carolImportKey: userKey('ik'),
    tokens: {
      alice: refreshToken('seed-alice'),
      carol: refreshToken('seed-carol'),
      bob: refreshToken('seed-bob'),
    },
    carolClient: { id: 'carol-idc-client-id', secret: 'carol-idc-client-secret-xyz' },
    proxyKey: 'old-proxy-key-0123456789',
  };

  const users = new DatabaseSync(seed.usersDb);
  users.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, linuxdo_id TEXT UNIQUE, github_id TEXT UNIQUE,
      username TEXT NOT NULL, avatar_url TEXT, trust_level INTEGER DEFAULT 0, is_admin INTEGER DEFAULT 0,
      is_banned INTEGER DEFAULT 0, created_at INTEGER NOT NULL, last_login INTEGER);
    CREATE TABLE tokens (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL,
      refresh_token_encrypted TEXT NOT NULL, token_hash TEXT UNIQUE NOT NULL, auth_type TEXT DEFAULT 'social',
      client_id_encrypted TEXT, client_secret_encrypted TEXT, visibility TEXT DEFAULT 'private',
      is_anonymous INTEGER DEFAULT 0, status TEXT DEFAULT 'active', success_count INTEGER DEFAULT 0,
      fail_count INTEGER DEFAULT 0, last_used INTEGER, last_check INTEGER, created_at INTEGER NOT NULL);
    CREATE TABLE api_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL,
      key_hash TEXT UNIQUE NOT NULL, key_prefix TEXT NOT NULL, name TEXT, is_active INTEGER DEFAULT 1,
      request_count INTEGER DEFAULT 0, last_used INTEGER, created_at INTEGER NOT NULL);
    CREATE TABLE import_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL,
      key_hash TEXT UNIQUE NOT NULL, key_prefix TEXT NOT NULL, name TEXT, is_active INTEGER DEFAULT 1,
      request_count INTEGER DEFAULT 0, last_used INTEGER, created_at INTEGER NOT NULL);
    CREATE TABLE token_health (id INTEGER PRIMARY KEY AUTOINCREMENT, token_id INTEGER NOT NULL,
      check_time INTEGER NOT NULL, is_valid INTEGER NOT NULL, error_msg TEXT);
    CREATE TABLE announcements (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT NOT NULL,
      is_active INTEGER DEFAULT 1, allow_guest INTEGER DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER);
    CREATE TABLE announcement_status (user_id INTEGER NOT NULL, announcement_id INTEGER NOT NULL,
      is_read INTEGER DEFAULT 0, is_dismissed INTEGER DEFAULT 0, read_at INTEGER, dismissed_at INTEGER,
      PRIMARY KEY (user_id, announcement_id));
  `);
  const insertUser = users.prepare(
    'INSERT INTO users (id, linuxdo_id, github_id, username, avatar_url, trust_level, is_admin, is_banned, created_at, last_login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  insertUser.run(
    1,
    '1001',
    null,
    'alice',
    'https://avatars.example/alice.png',
    3,
    0,
    0,
    now - 9e8,
    now - 1e6,
  );
  insertUser.run(2, null, '2002', 'bob', null, 0, 0, 1, now - 8e8, null);
  insertUser.run(3, '1003', '2003', 'carol', null, 2, 1, 0, now - 7e8, now);
  insertUser.run(4, null, null, 'ghost', null, 0, 0, 0, now, null);

  const insertKey = (table: string, id: number, userId: number, key: string, name: string, active: number) =>
    users
      .prepare(
        `INSERT INTO ${table} (id, user_id, key_hash, key_prefix, name, is_active, request_count, last_used, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        userId,
        sha256(key),
        `${key.slice(0, 7)}...${key.slice(-4)}`,
        name,
        active,
        42,
        now - 5e3,
        now - 6e8,
      );
  insertKey('api_keys', 1, 1, seed.keys.alice, 'laptop', 1);
  insertKey('api_keys', 2, 1, seed.keys.aliceDisabled, 'old', 0);
  insertKey('api_keys', 3, 2, seed.keys.bob, 'bob', 1);
  insertKey('api_keys', 4, 4, userKey('sk'), 'ghost key', 1);
  users
    .prepare(
      "INSERT INTO api_keys (id, user_id, key_hash, key_prefix, name, created_at) VALUES (5, 1, 'not-a-hash', 'sk-bad...bad', 'broken', ?)",
    )
    .run(now);
  insertKey('import_keys', 1, 3, seed.carolImportKey, 'carol bulk', 1);

  const insertToken = users.prepare(
    'INSERT INTO tokens (id, user_id, refresh_token_encrypted, token_hash, auth_type, client_id_encrypted, client_secret_encrypted, visibility, is_anonymous, status, success_count, fail_count, last_used, last_check, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  insertToken.run(
    1,
    1,
    seal(seed.tokens.alice),
    sha256(seed.tokens.alice),
    'social',
    null,
    null,
    'public',
    1,
    'active',
    120,
    3,
    now - 1e4,
    now - 2e4,
    now - 5e8,
  );
  insertToken.run(
    2,
    3,
    seal(seed.tokens.carol),
    sha256(seed.tokens.carol),
    'idc',
    seal(seed.carolClient.id),
    seal(seed.carolClient.secret),
    'private',
    0,
    'active',
    7,
    0,
    null,
    null,
    now - 4e8,
  );
  insertToken.run(
    3,
    2,
    seal(seed.tokens.bob),
    sha256(seed.tokens.bob),
    'social',
    null,
    null,
    'public',
    0,
    'expired',
    9,
    9,
    null,
    null,
    now - 3e8,
  );
  const orphan = refreshToken('seed-ghost');
  insertToken.run(
    4,
    4,
    seal(orphan),
    sha256(orphan),
    'social',
    null,
    null,
    'public',
    0,
    'active',
    0,
    0,
    null,
    null,
    now,
  );
  users
    .prepare(
      'INSERT INTO token_health (token_id, check_time, is_valid, error_msg) VALUES (1, ?, 1, NULL), (3, ?, 0, ?)',
    )
    .run(now, now, 'MONTHLY_REQUEST_COUNT');
  users
    .prepare(
      'INSERT INTO announcements (id, content, is_active, allow_guest, created_at, updated_at) VALUES (1, ?, 1, 1, ?, ?)',
    )
    .run('<b>Welcome</b> to the gateway', now - 1e7, now - 1e6);
  users
    .prepare(
      'INSERT INTO announcement_status (user_id, announcement_id, is_read, is_dismissed) VALUES (1, 1, 1, 0), (3, 1, 1, 1)',
    )
    .run();
  users.close();

  const metrics = new DatabaseSync(seed.metricsDb);
  metrics.exec(`
    CREATE TABLE counters (key TEXT PRIMARY KEY, value INTEGER);
    CREATE TABLE hourly_requests (hour INTEGER PRIMARY KEY, count INTEGER);
    CREATE TABLE recent_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER, api_type TEXT,
      path TEXT, status INTEGER, duration REAL, model TEXT);
    CREATE TABLE ip_stats (ip TEXT PRIMARY KEY, count INTEGER, last_seen INTEGER);
    CREATE TABLE ip_blacklist (ip TEXT PRIMARY KEY, banned_at INTEGER, reason TEXT);
    CREATE TABLE site_config (key TEXT PRIMARY KEY, value TEXT);
  `);
  metrics
    .prepare(
      "INSERT INTO counters VALUES ('req:/v1/messages:200:claude-sonnet-4', 10), ('stream_requests', 7)",
    )
    .run();
  metrics.prepare("INSERT INTO ip_stats VALUES ('198.51.100.9', 5, ?)").run(now);
  metrics
    .prepare('INSERT INTO ip_blacklist VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)')
    .run('203.0.113.7', now - 1e6, 'scraper', '2001:DB8::1', now - 2e6, '', 'not-an-ip', now, 'typo');
  metrics
    .prepare(
      "INSERT INTO site_config VALUES ('site_enabled', 'true'), ('self_use_enabled', 'false'), ('proxy_api_key', ?), ('theme', 'dark')",
    )
    .run(seed.proxyKey);
  metrics.close();
  return seed;
}
