import { existsSync } from 'node:fs';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';

/** The Python KiroGate's data as read from `users.db` (and `metrics.db`), values already typed. */
export interface KirogateData {
  users: KirogateUser[];
  tokens: KirogateToken[];
  apiKeys: KirogateKey[];
  importKeys: KirogateKey[];
  announcements: KirogateAnnouncement[];
  announcementMarks: KirogateAnnouncementMark[];
  ipBlacklist: KirogateIpBan[];
  siteConfig: { key: string; value: string | null }[];
  /** Row counts of every table in both files, by `file.table`, for the tables nothing reads. */
  tableSizes: Map<string, number>;
}

export interface KirogateUser {
  id: number;
  linuxdoId: string | null;
  githubId: string | null;
  username: string | null;
  avatarUrl: string | null;
  trustLevel: number;
  isAdmin: boolean;
  isBanned: boolean;
  createdAt: Date | null;
  lastLogin: Date | null;
}

export interface KirogateToken {
  id: number;
  userId: number | null;
  refreshTokenEncrypted: string | null;
  authType: string | null;
  clientIdEncrypted: string | null;
  clientSecretEncrypted: string | null;
  visibility: string | null;
  isAnonymous: boolean;
  status: string | null;
  successCount: number;
  failCount: number;
  lastUsed: Date | null;
  lastCheck: Date | null;
  createdAt: Date | null;
}

export interface KirogateKey {
  id: number;
  userId: number | null;
  keyHash: string | null;
  keyPrefix: string | null;
  name: string | null;
  isActive: boolean;
  requestCount: number;
  lastUsed: Date | null;
  createdAt: Date | null;
}

export interface KirogateAnnouncement {
  id: number;
  content: string | null;
  isActive: boolean;
  allowGuest: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface KirogateAnnouncementMark {
  userId: number;
  announcementId: number;
  isRead: boolean;
  isDismissed: boolean;
}

export interface KirogateIpBan {
  ip: string | null;
  bannedAt: Date | null;
  reason: string | null;
}

type Row = Record<string, SQLOutputValue>;

/** A file that cannot be read as the Python KiroGate's database; the message names the file. */
export class KirogateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KirogateFileError';
  }
}

/**
 * Reads the seed's SQLite files read-only with Node's built-in `node:sqlite`. Columns a given seed
 * version lacks read as null/0, so older files import too; `users.db` must have a `users` table.
 */
export function readKirogateDatabase(usersDbPath: string, metricsDbPath?: string): KirogateData {
  const tableSizes = new Map<string, number>();
  const usersDb = open(usersDbPath, 'users.db', 'users');
  try {
    const rows = tableReader(usersDb, 'users.db', tableSizes);
    const metrics = metricsDbPath === undefined ? undefined : open(metricsDbPath, 'metrics.db');
    try {
      const metricsRows = metrics ? tableReader(metrics, 'metrics.db', tableSizes) : () => [];
      return {
        users: rows('users').map((row) => ({
          id: int(row.id),
          linuxdoId: text(row.linuxdo_id),
          githubId: text(row.github_id),
          username: text(row.username),
          avatarUrl: text(row.avatar_url),
          trustLevel: int(row.trust_level),
          isAdmin: bool(row.is_admin),
          isBanned: bool(row.is_banned),
          createdAt: time(row.created_at),
          lastLogin: time(row.last_login),
        })),
        tokens: rows('tokens').map((row) => ({
          id: int(row.id),
          userId: row.user_id === null || row.user_id === undefined ? null : int(row.user_id),
          refreshTokenEncrypted: text(row.refresh_token_encrypted),
          authType: text(row.auth_type),
          clientIdEncrypted: text(row.client_id_encrypted),
          clientSecretEncrypted: text(row.client_secret_encrypted),
          visibility: text(row.visibility),
          isAnonymous: bool(row.is_anonymous),
          status: text(row.status),
          successCount: int(row.success_count),
          failCount: int(row.fail_count),
          lastUsed: time(row.last_used),
          lastCheck: time(row.last_check),
          createdAt: time(row.created_at),
        })),
        apiKeys: rows('api_keys').map(toKey),
        importKeys: rows('import_keys').map(toKey),
        announcements: rows('announcements').map((row) => ({
          id: int(row.id),
          content: text(row.content),
          isActive: bool(row.is_active),
          allowGuest: bool(row.allow_guest),
          createdAt: time(row.created_at),
          updatedAt: time(row.updated_at),
        })),
        announcementMarks: rows('announcement_status').map((row) => ({
          userId: int(row.user_id),
          announcementId: int(row.announcement_id),
          isRead: bool(row.is_read),
          isDismissed: bool(row.is_dismissed),
        })),
        ipBlacklist: metricsRows('ip_blacklist').map((row) => ({
          ip: text(row.ip),
          bannedAt: time(row.banned_at),
          reason: text(row.reason),
        })),
        siteConfig: metricsRows('site_config').flatMap((row) => {
          const key = text(row.key);
          return key === null ? [] : [{ key, value: text(row.value) }];
        }),
        tableSizes,
      };
    } finally {
      metrics?.close();
    }
  } finally {
    usersDb.close();
  }
}

function open(path: string, name: string, requiredTable?: string): DatabaseSync {
  if (!existsSync(path)) throw new KirogateFileError(`${path}: no such file (expected the seed's ${name})`);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.prepare('select count(*) from sqlite_master').get();
  } catch {
    throw new KirogateFileError(`${path}: not a SQLite database (expected the seed's ${name})`);
  }
  if (requiredTable === undefined) return db;
  const found = db
    .prepare("select 1 from sqlite_master where type = 'table' and name = ?")
    .get(requiredTable);
  if (!found) {
    db.close();
    throw new KirogateFileError(`${path}: has no "${requiredTable}" table; is it the seed's ${name}?`);
  }
  return db;
}

/** Rows of a table, or none when this seed version has no such table; records every table's size. */
function tableReader(db: DatabaseSync, file: string, sizes: Map<string, number>): (table: string) => Row[] {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all()
    .map((row) => String(row.name));
  for (const table of tables) {
    const counted = db.prepare(`select count(*) as n from "${table.replaceAll('"', '""')}"`).get();
    sizes.set(`${file}.${table}`, Number(counted?.n ?? 0));
  }
  return (table) => (tables.includes(table) ? db.prepare(`select * from "${table}"`).all() : []);
}

function toKey(row: Row): KirogateKey {
  return {
    id: int(row.id),
    userId: row.user_id === null || row.user_id === undefined ? null : int(row.user_id),
    keyHash: text(row.key_hash),
    keyPrefix: text(row.key_prefix),
    name: text(row.name),
    isActive: bool(row.is_active),
    requestCount: int(row.request_count),
    lastUsed: time(row.last_used),
    createdAt: time(row.created_at),
  };
}

function text(value: SQLOutputValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function int(value: SQLOutputValue | undefined): number {
  const number = typeof value === 'string' ? Number(value.trim()) : Number(value ?? 0);
  return Number.isSafeInteger(number) ? number : 0;
}

function bool(value: SQLOutputValue | undefined): boolean {
  if (typeof value === 'string') return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
  return Number(value ?? 0) !== 0;
}

/**
 * The seed stores epoch milliseconds; seconds (below 1e11, i.e. before 1973 as ms) and ISO strings
 * from hand-edited rows are read too. Anything else is null.
 */
export function time(value: SQLOutputValue | undefined): Date | null {
  if (value === null || value === undefined || value instanceof Uint8Array) return null;
  const numeric = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof numeric === 'number' || typeof numeric === 'bigint') {
    const number = Number(numeric);
    if (!Number.isFinite(number) || number <= 0) return null;
    const date = new Date(number < 1e11 ? number * 1000 : number);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const date = new Date(numeric);
  return Number.isNaN(date.getTime()) ? null : date;
}
