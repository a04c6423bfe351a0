/**
 * The JSON bodies user-service answers with: one type per resource. The routes build them with the
 * render functions in `render.ts`, the browser scripts read them (JSDoc `import()` types, checked by
 * `tsconfig.web.json`), the browser-test double answers with them. Types only and no imports, so
 * the browser's type check never reaches server code.
 */

export type Iso = string;
export type Visibility = 'public' | 'private';
export type AuthType = 'social' | 'idc';
export type TokenStatus = 'active' | 'invalid' | 'disabled' | 'suspended' | 'quota_exhausted';
export type OAuthProviderName = 'github' | 'linuxdo';
export type SiteModeName = 'normal' | 'self_use' | 'maintenance';
/** The limit names as every API and page spells them. */
export type LimitWireName =
  | 'requests_per_minute'
  | 'concurrent_requests'
  | 'daily_credits'
  | 'monthly_credits'
  | 'daily_tokens';

export interface Success {
  success: boolean;
}

export interface Pagination {
  page: number;
  page_size: number;
  total: number;
}

/** `{ <name>: T[], pagination }`: every paged list. */
export type PageOf<Name extends string, T> = { [K in Name]: T[] } & { pagination: Pagination };

export interface ApiErrorBody {
  error: { code: string; message: string; param?: string };
}

// Users

export interface UserView {
  id: string;
  username: string;
  avatar_url: string | null;
  trust_level: number;
  is_admin: boolean;
  is_banned: boolean;
  providers: OAuthProviderName[];
  created_at: Iso | null;
  last_login: Iso | null;
}

/** A row of the admin users list: the user with their counts. */
export interface AdminUserView extends UserView {
  token_count: number;
  api_key_count: number;
}

export interface ProfileView extends Omit<UserView, 'is_banned'> {
  token_count: number;
  public_token_count: number;
  api_key_count: number;
  csrf_token: string;
}

// API keys

export interface KeyView {
  id: string;
  name: string;
  key_prefix: string;
  is_active: boolean;
  request_count: number;
  last_used: Iso | null;
  created_at: Iso | null;
}

export interface ImportKeyView {
  id: string;
  name: string;
  key_prefix: string;
  is_active: boolean;
  created_at: Iso | null;
  last_used: Iso | null;
}

export interface KeyCreated extends Success {
  id: string;
  name: string;
  /** The plaintext key: shown once, never again. */
  key: string;
  key_prefix: string;
  uses_public_pool: boolean;
}

// Donated tokens

export interface TokenView {
  id: string;
  auth_type: AuthType;
  visibility: Visibility;
  anonymous: boolean;
  status: TokenStatus;
  status_reason: string | null;
  success_count: number;
  fail_count: number;
  /** Percent, one decimal; 100 before first use. */
  success_rate: number;
  credits_used: number;
  available_credits: number | null;
  last_used: Iso | null;
  last_check: Iso | null;
  created_at: Iso;
}

export interface AdminTokenView extends TokenView {
  source: 'server' | 'donated';
  owner_id: string | null;
  owner_username: string | null;
}

export interface PublicTokenView {
  id: string;
  /** Null when the donor chose to stay anonymous. */
  username: string | null;
  success_rate: number;
  last_used: Iso | null;
}

export interface DetailedPublicTokenView extends PublicTokenView {
  status: TokenStatus;
  use_count: number;
}

export interface PublicPoolView {
  tokens: PublicTokenView[];
  count: number;
}

export interface DetailedPublicPoolView {
  tokens: DetailedPublicTokenView[];
  count: number;
  avg_success_rate: number;
}

export interface CheckResultView {
  status: TokenStatus;
  reason: string | null;
  available_credits: number | null;
  quota_reset_at: Iso | null;
  checked_at: Iso | null;
}

export interface ImportResultView {
  success: boolean;
  message: string;
  total: number;
  imported: number;
  skipped: number;
  invalid: number;
  failed: number;
  missing_required: number;
  errors: string[];
}

// IPs

export interface IpStatView {
  ip: string;
  requests: number;
  errors: number;
  last_seen: Iso | null;
  banned: boolean;
}

export interface BlacklistEntryView {
  ip: string;
  reason: string;
  banned_at: Iso | null;
}

// Site settings

export interface SiteModeView {
  mode: SiteModeName;
  label: string;
  site_enabled: boolean;
  self_use_enabled: boolean;
}

export interface ProxyKeyView {
  configured: boolean;
  source: 'admin' | 'env' | 'none';
  key_prefix: string | null;
}

export interface ProxyKeyRotated extends Success {
  /** The plaintext key: shown once. */
  proxy_api_key: string;
  key_prefix: string;
}

export interface AuditEntryView {
  id: number;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
  at: Iso | null;
}

// Announcements

export interface AnnouncementView {
  id: number;
  content: string;
  is_active: boolean;
  allow_guest: boolean;
  created_at: Iso;
  updated_at: Iso;
}

export interface UserAnnouncementView extends AnnouncementView {
  is_read: boolean;
  is_dismissed: boolean;
}

// Usage and stats

/** One hour or day of usage; latencies are null when nothing was measured. */
export interface UsageMeasures {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  credits: number;
  avg_latency_ms: number | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  avg_ttft_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}

export interface HourBucket extends UsageMeasures {
  hour: Iso;
}

export interface DayBucket extends UsageMeasures {
  /** YYYY-MM-DD (UTC). */
  date: string;
}

export interface PoolStatusView {
  total: number;
  by_status: Record<TokenStatus, number>;
  cooling_down: number;
  in_flight: number;
}

export interface StatsView {
  total_requests: number;
  success_requests: number;
  failed_requests: number;
  input_tokens: number;
  output_tokens: number;
  credits: number;
  avg_latency_ms: number | null;
  requests_24h: number;
  model_usage: Record<string, number>;
  api_usage: Record<string, number>;
  hourly: HourBucket[];
  daily: DayBucket[];
  users_count: number;
  banned_count: number;
  api_keys_count: number;
  site_enabled: boolean;
  self_use_enabled: boolean;
  /** Null when the token broker did not answer. */
  pool: PoolStatusView | null;
}

// Limits

export interface LimitUsageView {
  /** 0 = no limit of this kind. */
  limit: number;
  /** Requests in the last minute, requests open now, credits or tokens in the current day or month. */
  used: number;
  /** When a budget starts again from zero; null for requests per minute and concurrency. */
  resets_at: Iso | null;
}

export type LimitsUsageView = Record<LimitWireName, LimitUsageView>;
/** Only the limits that are set. */
export type LimitValuesView = Partial<Record<LimitWireName, number>>;

export interface KeyLimitsView {
  id: string;
  name: string;
  key_prefix: string;
  limits: LimitsUsageView;
}

export interface LimitsView {
  limits: LimitsUsageView;
  defaults: LimitValuesView;
  overrides: LimitValuesView;
  keys: KeyLimitsView[];
}

export interface KeyLimitsSaved extends Success {
  key: { id: string; limits: LimitValuesView };
}

export interface HealthView {
  status: string;
}

// Public status

/** `GET /api/status`: what anyone may know; no secrets, nothing about a user. */
export interface PublicStatusView {
  /** `ok` with at least one active credential, `degraded` with none, `unknown` when the pool did not answer. */
  status: 'ok' | 'degraded' | 'unknown';
  site_mode: SiteModeName;
  version: string;
  /** Null when the token broker did not answer. */
  pool: (PoolStatusView & { active: number }) | null;
  /** The model names `/v1/models` lists; null where this process does not host the gateway. */
  models: string[] | null;
  last_24h: { requests: number; errors: number; success_rate: number | null };
  checked_at: Iso;
}

// Backup

export type BackupTableName =
  | 'users'
  | 'oauthAccounts'
  | 'apiKeys'
  | 'credentials'
  | 'announcements'
  | 'announcementStatus'
  | 'ipBlacklist'
  | 'settings';

/**
 * `GET /admin/api/backup`, and what `POST` restores: every table's rows as stored (column names in
 * camelCase, timestamps ISO, key hashes and sealed credentials). The rows' exact shape is checked on
 * restore by `backupDocumentSchema` (`backup/backup-document.ts`, server-only).
 */
export type BackupView = { format: 'kirogate-backup'; version: 1; exportedAt: Iso } & Record<
  BackupTableName,
  Record<string, unknown>[]
>;

export interface BackupRestoredView extends Success {
  /** Per table: rows in the backup, rows written, rows already here (left as they are). */
  tables: Record<BackupTableName, { total: number; added: number; present: number }>;
}
