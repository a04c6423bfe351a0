import type { CredentialAdmin } from '@kirogate/contracts';
import type { Db } from '@kirogate/db';
import type { RateLimiter } from '@kirogate/platform';
import type { AnnouncementStore } from '../announcements/announcement-store.ts';
import type { ApiKeyStore } from '../keys/api-key-store.ts';
import type { KeyRevocations } from '../keys/key-revocations.ts';
import type { LimitRouteDeps } from '../limits/limit-routes.ts';
import type { WebAuth } from '../sessions/web-auth.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import type { UserStore } from '../users/user-store.ts';
import type { AuditLog } from './audit-log.ts';
import type { UsageStats } from './usage-stats.ts';

export interface AdminRouteDeps {
  password: string;
  /** For the backup's export and restore, which read and write every table in one transaction. */
  db: Db;
  envProxyApiKey: string | undefined;
  auth: WebAuth;
  rateLimiter: RateLimiter;
  users: UserStore;
  keys: ApiKeyStore;
  revocations: KeyRevocations;
  credentials: CredentialAdmin;
  announcements: AnnouncementStore;
  site: SiteSettings;
  audit: AuditLog;
  usage: UsageStats;
  onLogin: (result: 'ok' | 'wrong_password' | 'rate_limited') => void;
  limits: LimitRouteDeps;
}
