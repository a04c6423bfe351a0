import type { CredentialCheckResult, CredentialSummary, PoolStatus } from '@kirogate/contracts';
import type { AuditRow } from '../admin/audit-log.ts';
import type { Announcement } from '../announcements/announcement-store.ts';
import type { BackupDocument } from '../backup/backup-document.ts';
import type { BackupImportCounts } from '../backup/import-backup.ts';
import type { ApiKeyRow } from '../keys/api-key-store.ts';
import type { OAuthProvider, User } from '../users/user-store.ts';
import type * as V from './views.ts';

/**
 * One render function per resource: stored rows (camelCase, Dates) to the JSON of `views.ts`. Routes
 * and the browser-test double answer through these, nothing else builds these bodies.
 */

export function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

export function renderPagination(page: { page: number; pageSize: number }, total: number): V.Pagination {
  return { page: page.page, page_size: page.pageSize, total };
}

export function renderUser(user: User, providers: readonly OAuthProvider[]): V.UserView {
  return {
    id: user.id,
    username: user.username,
    avatar_url: user.avatarUrl,
    trust_level: user.trustLevel,
    is_admin: user.isAdmin,
    is_banned: user.status === 'banned',
    providers: [...providers],
    created_at: iso(user.createdAt),
    last_login: iso(user.lastLoginAt),
  };
}

export function renderAdminUser(
  user: User,
  providers: readonly OAuthProvider[],
  counts: { tokens: number; apiKeys: number },
): V.AdminUserView {
  return { ...renderUser(user, providers), token_count: counts.tokens, api_key_count: counts.apiKeys };
}

export function renderProfile(
  user: User,
  providers: readonly OAuthProvider[],
  counts: { tokens: number; publicTokens: number; apiKeys: number },
  csrfToken: string,
): V.ProfileView {
  const { is_banned: _banned, ...view } = renderUser(user, providers);
  return {
    ...view,
    token_count: counts.tokens,
    public_token_count: counts.publicTokens,
    api_key_count: counts.apiKeys,
    csrf_token: csrfToken,
  };
}

export function renderKey(row: ApiKeyRow): V.KeyView {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.keyPrefix,
    is_active: row.isActive,
    request_count: row.requestCount,
    last_used: iso(row.lastUsedAt),
    created_at: iso(row.createdAt),
  };
}

export function renderImportKey(row: ApiKeyRow): V.ImportKeyView {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.keyPrefix,
    is_active: row.isActive,
    created_at: iso(row.createdAt),
    last_used: iso(row.lastUsedAt),
  };
}

/** Percent with one decimal; a token nobody used yet counts as 100. */
export function successRate(token: Pick<CredentialSummary, 'successCount' | 'failCount'>): number {
  const uses = token.successCount + token.failCount;
  return uses === 0 ? 100 : Math.round((token.successCount / uses) * 1000) / 10;
}

export function renderToken(token: CredentialSummary): V.TokenView {
  return {
    id: token.id,
    auth_type: token.authKind,
    visibility: token.visibility,
    anonymous: token.anonymous,
    status: token.status,
    status_reason: token.statusReason,
    success_count: token.successCount,
    fail_count: token.failCount,
    success_rate: successRate(token),
    credits_used: token.creditsUsed,
    available_credits: token.availableCredits,
    last_used: iso(token.lastUsedAt),
    last_check: iso(token.lastCheckAt),
    created_at: token.createdAt.toISOString(),
  };
}

export function renderAdminToken(token: CredentialSummary, ownerUsername: string | null): V.AdminTokenView {
  return {
    ...renderToken(token),
    source: token.source,
    owner_id: token.ownerUserId,
    owner_username: ownerUsername,
  };
}

/** A public pool entry; `username` is null unless the donor chose to be named. */
export function renderPublicToken(token: CredentialSummary, username: string | null): V.PublicTokenView {
  return {
    id: token.id,
    username: token.anonymous ? null : username,
    success_rate: successRate(token),
    last_used: iso(token.lastUsedAt),
  };
}

/** The entry as logged-in users see it: also its status and how often it was used. */
export function renderDetailedPublicToken(
  token: CredentialSummary,
  username: string | null,
): V.DetailedPublicTokenView {
  return {
    ...renderPublicToken(token, username),
    status: token.status,
    use_count: token.successCount + token.failCount,
  };
}

export function renderCheckResult(result: CredentialCheckResult): V.CheckResultView {
  return {
    status: result.status,
    reason: result.reason,
    available_credits: result.availableCredits,
    quota_reset_at: iso(result.quotaResetAt),
    checked_at: iso(result.checkedAt),
  };
}

export function renderPoolStatus(pool: PoolStatus): V.PoolStatusView {
  return {
    total: pool.total,
    by_status: pool.byStatus,
    cooling_down: pool.coolingDown,
    in_flight: pool.inFlight,
  };
}

/** The public status: health from the pool (`unknown` when it did not answer), the last day's traffic. */
export function renderPublicStatus(status: {
  siteMode: V.SiteModeName;
  version: string;
  pool: PoolStatus | null;
  models: readonly string[] | null;
  lastDay: { requests: number; errors: number };
  checkedAt: Date;
}): V.PublicStatusView {
  const { pool, lastDay } = status;
  const active = pool?.byStatus.active ?? 0;
  return {
    status: pool === null ? 'unknown' : active > 0 ? 'ok' : 'degraded',
    site_mode: status.siteMode,
    version: status.version,
    pool: pool && { ...renderPoolStatus(pool), active },
    models: status.models && [...status.models],
    last_24h: {
      requests: lastDay.requests,
      errors: lastDay.errors,
      success_rate:
        lastDay.requests === 0
          ? null
          : Math.round(((lastDay.requests - lastDay.errors) / lastDay.requests) * 1000) / 10,
    },
    checked_at: status.checkedAt.toISOString(),
  };
}

/** The backup as JSON: rows as stored (their dates become ISO strings in JSON like every other date). */
export function renderBackup(backup: BackupDocument): V.BackupView {
  return { ...backup, exportedAt: backup.exportedAt.toISOString() };
}

export function renderBackupRestored(tables: BackupImportCounts): V.BackupRestoredView {
  return { success: true, tables };
}

export function renderIpStat(
  row: { ip: string; requests: number; errors: number; lastSeen: Date },
  banned: boolean,
): V.IpStatView {
  return { ip: row.ip, requests: row.requests, errors: row.errors, last_seen: iso(row.lastSeen), banned };
}

export function renderBlacklistEntry(row: {
  ip: string;
  reason: string;
  bannedAt: Date;
}): V.BlacklistEntryView {
  return { ip: row.ip, reason: row.reason, banned_at: iso(row.bannedAt) };
}

export function renderAuditEntry(row: AuditRow): V.AuditEntryView {
  return {
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    at: iso(row.at),
  };
}

export function renderAnnouncement(row: Announcement): V.AnnouncementView {
  return {
    id: row.id,
    content: row.content,
    is_active: row.isActive,
    allow_guest: row.allowGuest,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function renderUserAnnouncement(
  row: Announcement,
  status: { read: boolean; dismissed: boolean },
): V.UserAnnouncementView {
  return { ...renderAnnouncement(row), is_read: status.read, is_dismissed: status.dismissed };
}

const siteModeLabels = { maintenance: 'Maintenance', self_use: 'Self-use', normal: 'Normal' } as const;

export function renderSiteMode(flags: { siteEnabled: boolean; selfUseEnabled: boolean }): V.SiteModeView {
  const mode = !flags.siteEnabled ? 'maintenance' : flags.selfUseEnabled ? 'self_use' : 'normal';
  return {
    mode,
    label: siteModeLabels[mode],
    site_enabled: flags.siteEnabled,
    self_use_enabled: flags.selfUseEnabled,
  };
}
