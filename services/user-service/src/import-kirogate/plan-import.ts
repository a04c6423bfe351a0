import { type AdoptCredentialInput, hashSecret } from '@kirogate/contracts';
import { displayPrefix } from '../keys/api-key-store.ts';
import { normalizeIp } from '../site/site-settings.ts';
import { decryptFernet, FernetError, type FernetKey } from './fernet.ts';
import type { KirogateData, KirogateKey, KirogateToken } from './read-kirogate-database.ts';

export interface PlannedUser {
  legacyId: number;
  identities: { provider: 'linuxdo' | 'github'; providerUserId: string }[];
  username: string;
  avatarUrl: string | null;
  trustLevel: number;
  isAdmin: boolean;
  banned: boolean;
  createdAt: Date | null;
  lastLoginAt: Date | null;
}

export interface PlannedKey {
  legacyUserId: number;
  kind: 'user' | 'import';
  keyHash: string;
  keyPrefix: string;
  name: string;
  isActive: boolean;
  requestCount: number;
  lastUsedAt: Date | null;
  createdAt: Date | null;
}

/**
 * A legacy token as the broker adopts it (`CredentialAdmin.adopt`), before its owner's new id and the
 * region are known. The refresh token (and IdC client secret) is plaintext, held in memory only until
 * the broker seals it with our key.
 */
export interface PlannedToken extends Omit<AdoptCredentialInput, 'ownerUserId' | 'region'> {
  legacyId: number;
  legacyUserId: number;
}

export interface PlannedAnnouncement {
  legacyId: number;
  content: string;
  isActive: boolean;
  allowGuest: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlannedSetting {
  key: 'site_enabled' | 'self_use_enabled' | 'proxy_api_key';
  value: boolean | { sha256: string; prefix: string };
}

/** Rows left out, grouped by what they are and why. */
export interface Skip {
  what: string;
  count: number;
  reason: string;
}

export interface ImportPlan {
  users: PlannedUser[];
  keys: PlannedKey[];
  tokens: PlannedToken[];
  announcements: PlannedAnnouncement[];
  announcementMarks: {
    legacyUserId: number;
    legacyAnnouncementId: number;
    read: boolean;
    dismissed: boolean;
  }[];
  ipBans: { ip: string; reason: string; bannedAt: Date | null }[];
  settings: PlannedSetting[];
  skipped: Skip[];
}

/** A row whose secrets do not open with the given key. Names the row; never holds the secret. */
export class LegacySecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacySecretError';
  }
}

/** Tables whose rows have no home here, with the reason the report gives. */
const tablesLeftBehind: Record<string, string> = {
  'users.db.token_health': 'health-check history: the worker checks every token again and keeps its own',
  'metrics.db.counters': 'request statistics: usage is metered afresh from the first request',
  'metrics.db.hourly_requests': 'request statistics: usage is metered afresh from the first request',
  'metrics.db.recent_requests': 'request statistics: usage is metered afresh from the first request',
  'metrics.db.ip_stats': 'per-IP request counts: not kept here',
};
const tablesRead = new Set([
  'users.db.users',
  'users.db.tokens',
  'users.db.api_keys',
  'users.db.import_keys',
  'users.db.announcements',
  'users.db.announcement_status',
  'metrics.db.ip_blacklist',
  'metrics.db.site_config',
]);

/**
 * Maps the seed's rows to ours and opens its sealed tokens with `legacyKey`. Pure apart from the
 * decryption: what exists already is decided when the plan is applied. Throws LegacySecretError on the
 * first token that does not open, so a wrong key stops the import before anything is written.
 */
export function planImport(data: KirogateData, legacyKey: FernetKey): ImportPlan {
  const skipped: Skip[] = [];
  const skip = (what: string, reason: string) => {
    const same = skipped.find((entry) => entry.what === what && entry.reason === reason);
    if (same) same.count += 1;
    else skipped.push({ what, count: 1, reason });
  };

  const users: PlannedUser[] = [];
  for (const user of data.users) {
    const identities: PlannedUser['identities'] = [];
    if (user.linuxdoId) identities.push({ provider: 'linuxdo', providerUserId: user.linuxdoId });
    if (user.githubId) identities.push({ provider: 'github', providerUserId: user.githubId });
    if (identities.length === 0) {
      skip('users', 'no LinuxDo or GitHub id: nobody could log in as them');
      continue;
    }
    users.push({
      legacyId: user.id,
      identities,
      username: user.username?.trim() || `user-${user.id}`,
      avatarUrl: user.avatarUrl,
      trustLevel: Math.max(0, Math.min(4, user.trustLevel)),
      isAdmin: user.isAdmin,
      banned: user.isBanned,
      createdAt: user.createdAt,
      lastLoginAt: user.lastLogin,
    });
  }
  const userIds = new Set(users.map((user) => user.legacyId));

  const keys: PlannedKey[] = [];
  const planKey = (key: KirogateKey, kind: PlannedKey['kind']) => {
    const what = kind === 'user' ? 'api_keys' : 'import_keys';
    const hash = key.keyHash?.trim().toLowerCase() ?? '';
    if (!/^[0-9a-f]{64}$/.test(hash)) return skip(what, 'key_hash is not a SHA-256 hex digest');
    if (key.userId === null || !userIds.has(key.userId)) return skip(what, 'its user is not imported');
    keys.push({
      legacyUserId: key.userId,
      kind,
      keyHash: hash,
      keyPrefix: key.keyPrefix?.trim() || `${kind === 'user' ? 'sk' : 'ik'}-(imported)`,
      name: key.name ?? '',
      isActive: key.isActive,
      requestCount: Math.max(0, key.requestCount),
      lastUsedAt: key.lastUsed,
      createdAt: key.createdAt,
    });
  };
  for (const key of data.apiKeys) planKey(key, 'user');
  for (const key of data.importKeys) planKey(key, 'import');

  const tokens: PlannedToken[] = [];
  for (const token of data.tokens) {
    const planned = planToken(token, legacyKey, skip);
    if (!planned) continue;
    if (!userIds.has(planned.legacyUserId)) {
      skip('tokens', 'its owner is not imported');
      continue;
    }
    tokens.push(planned);
  }

  const announcements: PlannedAnnouncement[] = [];
  for (const row of data.announcements) {
    if (!row.content?.trim()) {
      skip('announcements', 'empty content');
      continue;
    }
    const createdAt = row.createdAt ?? row.updatedAt;
    if (!createdAt) {
      skip('announcements', 'no created_at: a second run could not recognise it');
      continue;
    }
    announcements.push({
      legacyId: row.id,
      content: row.content,
      isActive: row.isActive,
      allowGuest: row.allowGuest,
      createdAt,
      updatedAt: row.updatedAt ?? createdAt,
    });
  }
  const announcementIds = new Set(announcements.map((row) => row.legacyId));
  const announcementMarks: ImportPlan['announcementMarks'] = [];
  for (const mark of data.announcementMarks) {
    if (!userIds.has(mark.userId) || !announcementIds.has(mark.announcementId)) {
      skip('announcement_status', 'its user or announcement is not imported');
    } else if (mark.isRead || mark.isDismissed) {
      announcementMarks.push({
        legacyUserId: mark.userId,
        legacyAnnouncementId: mark.announcementId,
        read: mark.isRead || mark.isDismissed,
        dismissed: mark.isDismissed,
      });
    }
  }

  const ipBans: ImportPlan['ipBans'] = [];
  for (const ban of data.ipBlacklist) {
    const ip = singleAddress(ban.ip);
    if (ip === undefined) skip('ip_blacklist', 'not a single IPv4 or IPv6 address');
    else ipBans.push({ ip, reason: ban.reason ?? '', bannedAt: ban.bannedAt });
  }

  const settings: PlannedSetting[] = [];
  for (const { key, value } of data.siteConfig) {
    if (key === 'site_enabled' || key === 'self_use_enabled') {
      const flag = flagValue(value);
      if (flag === undefined) skip(`site_config.${key}`, 'value is not true or false');
      else settings.push({ key, value: flag });
    } else if (key === 'proxy_api_key') {
      // Stored as its hash, as the admin panel stores a key set at runtime.
      if (value?.trim()) {
        settings.push({
          key,
          value: { sha256: hashSecret(value.trim()), prefix: displayPrefix(value.trim()) },
        });
      }
    } else {
      skip(`site_config.${key}`, 'no such setting here');
    }
  }

  for (const [table, rows] of data.tableSizes) {
    if (rows === 0 || tablesRead.has(table)) continue;
    skipped.push({ what: table, count: rows, reason: tablesLeftBehind[table] ?? 'unknown table' });
  }
  return { users, keys, tokens, announcements, announcementMarks, ipBans, settings, skipped };
}

function planToken(
  token: KirogateToken,
  key: FernetKey,
  skip: (what: string, reason: string) => void,
): PlannedToken | undefined {
  if (token.userId === null) return void skip('tokens', 'no owner');
  const authKind =
    token.authType === 'idc' ? 'idc' : token.authType === 'social' || !token.authType ? 'social' : undefined;
  if (!authKind) return void skip('tokens', 'auth_type is neither social nor idc');
  if (!token.refreshTokenEncrypted) return void skip('tokens', 'no refresh_token_encrypted');
  const open = (column: string, sealed: string) => {
    try {
      return decryptFernet(sealed, key).toString('utf8');
    } catch (error) {
      if (!(error instanceof FernetError)) throw error;
      throw new LegacySecretError(
        `tokens row ${token.id}: ${column} does not open with LEGACY_TOKEN_ENCRYPT_KEY (${error.message}); ` +
          'set it to the TOKEN_ENCRYPT_KEY the Python KiroGate ran with',
      );
    }
  };
  const refreshToken = open('refresh_token_encrypted', token.refreshTokenEncrypted);
  let client: Pick<PlannedToken, 'clientId' | 'clientSecret'> = {};
  if (authKind === 'idc') {
    if (!token.clientIdEncrypted || !token.clientSecretEncrypted) {
      return void skip('tokens', 'IdC token without client_id/client_secret: it cannot refresh');
    }
    client = {
      clientId: open('client_id_encrypted', token.clientIdEncrypted),
      clientSecret: open('client_secret_encrypted', token.clientSecretEncrypted),
    };
  }
  const status = tokenStatuses[token.status ?? 'active'];
  if (!status) return void skip('tokens', 'status is none of active, invalid, expired');
  const visibility = token.visibility === 'public' ? 'public' : 'private';
  return {
    legacyId: token.id,
    legacyUserId: token.userId,
    authKind,
    refreshToken,
    ...client,
    visibility,
    anonymous: visibility === 'public' && token.isAnonymous,
    status,
    statusReason:
      status === 'invalid'
        ? 'marked invalid by the Python KiroGate'
        : status === 'quota_exhausted'
          ? 'monthly quota exhausted (Python KiroGate)'
          : null,
    successCount: Math.max(0, token.successCount),
    failCount: Math.max(0, token.failCount),
    lastUsedAt: token.lastUsed,
    lastCheckAt: token.lastCheck,
    createdAt: token.createdAt,
  };
}

const tokenStatuses: Record<string, PlannedToken['status'] | undefined> = {
  active: 'active',
  invalid: 'invalid',
  // The seed marks a token `expired` when Kiro reports the monthly request quota used up.
  expired: 'quota_exhausted',
};

function flagValue(value: string | null): boolean | undefined {
  const normalized = value
    ?.trim()
    .toLowerCase()
    .replace(/^"(.*)"$/, '$1');
  if (normalized === 'true' || normalized === '1') return true;
  if (normalized === 'false' || normalized === '0') return false;
  return undefined;
}

function singleAddress(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  try {
    return normalizeIp(raw);
  } catch {
    return undefined;
  }
}
