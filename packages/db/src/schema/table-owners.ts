/**
 * The one service that writes each table (docs/decisions/0015-table-ownership.md). Other services
 * only read it; counters a service keeps about another's rows live in a table of its own.
 * `test/static/table-ownership.test.ts` fails when a table is missing here or is written elsewhere.
 */
export const tableOwners = {
  users: 'user-service',
  oauth_accounts: 'user-service',
  api_keys: 'user-service',
  web_sessions: 'user-service',
  announcements: 'user-service',
  announcement_status: 'user-service',
  settings: 'user-service',
  ip_blacklist: 'user-service',
  admin_audit_log: 'user-service',
  credentials: 'token-broker',
  credential_checks: 'token-broker',
  usage_events: 'worker',
  usage_hourly: 'worker',
  usage_daily: 'worker',
  usage_hourly_by_dimension: 'worker',
  usage_daily_by_dimension: 'worker',
  api_key_usage: 'worker',
  credential_usage: 'worker',
} as const;

export type TableOwner = (typeof tableOwners)[keyof typeof tableOwners];
