// @ts-check
// The element ids the pages render and the scripts look up: one table, imported by both
// (`web/pages/*.ts` and `web/assets/*.js`), so a renamed or missing id fails the type check.

export const ids = Object.freeze({
  i18n: 'kg-i18n',
  pageError: 'page-error',
  announcement: 'announcement',

  // Home
  statusHealth: 'status-health',
  statusMode: 'status-mode',
  codeOpenai: 'code-openai',
  codeAnthropic: 'code-anthropic',
  codeClaudeCode: 'code-claudecode',

  // Public pool
  poolSummary: 'pool-summary',
  poolTable: 'pool-table',

  // Admin login
  adminLoginForm: 'admin-login-form',
  adminLoginError: 'admin-login-error',

  // Charts (user and admin pages)
  chartRequests: 'chart-requests',
  chartSuccess: 'chart-success',
  chartLatency: 'chart-latency',
  chartTtft: 'chart-ttft',
  chartTokens: 'chart-tokens',
  chartCredits: 'chart-credits',

  // User page
  keysSection: 'keys',
  createKeyForm: 'create-key-form',
  newKey: 'new-key',
  newKeyValue: 'new-key-value',
  newKeyPool: 'new-key-pool',
  keysTable: 'keys-table',
  limitsSection: 'limits',
  limitsTable: 'limits-table',
  keyLimitsForm: 'key-limits-form',
  keyLimitsTable: 'key-limits-table',
  donateSection: 'tokens',
  donateForm: 'donate-form',
  authType: 'auth-type',
  idcFields: 'idc-fields',
  importForm: 'import-form',
  tokensTable: 'tokens-table',
  usageSection: 'usage',

  // Admin page
  adminTabs: 'admin-tabs',
  statRequests: 'stat-requests',
  statSuccess: 'stat-success',
  statLatency: 'stat-latency',
  statUsers: 'stat-users',
  statTokens: 'stat-tokens',
  statBanned: 'stat-banned',
  poolLine: 'pool-line',
  range: 'range',
  usersFilter: 'users-filter',
  usersTable: 'users-table',
  usersPager: 'users-pager',
  userLimits: 'user-limits',
  userLimitsTitle: 'user-limits-title',
  userLimitsClose: 'user-limits-close',
  userLimitsTable: 'user-limits-table',
  userLimitsForm: 'user-limits-form',
  importKeys: 'import-keys',
  importKeysTitle: 'import-keys-title',
  importKeysClose: 'import-keys-close',
  importKeyForm: 'import-key-form',
  newImportKey: 'new-import-key',
  newImportKeyValue: 'new-import-key-value',
  importKeysTable: 'import-keys-table',
  tokensFilter: 'tokens-filter',
  tokensOwnerFilter: 'tokens-owner-filter',
  adminTokensTable: 'admin-tokens-table',
  tokensPager: 'tokens-pager',
  banIpForm: 'ban-ip-form',
  blacklistTable: 'blacklist-table',
  ipsFilter: 'ips-filter',
  ipsTable: 'ips-table',
  ipsPager: 'ips-pager',
  toggleSite: 'toggle-site',
  toggleSelfUse: 'toggle-self-use',
  proxyKeyCurrent: 'proxy-key-current',
  proxyKeyForm: 'proxy-key-form',
  newProxyKey: 'new-proxy-key',
  newProxyKeyValue: 'new-proxy-key-value',
  flushCache: 'flush-cache',
  flushResult: 'flush-result',
  auditTable: 'audit-table',
  announcementForm: 'announcement-form',

  // Status page (`statusMode` above is the site mode here too)
  statusOverall: 'status-overall',
  statusCheckedAt: 'status-checked-at',
  statusPoolTotal: 'status-pool-total',
  statusPoolCooling: 'status-pool-cooling',
  statusPoolInFlight: 'status-pool-in-flight',
  statusPoolTable: 'status-pool-table',
  statusModels: 'status-models',
  statusRequests: 'status-requests',
  statusErrors: 'status-errors',
  statusSuccessRate: 'status-success-rate',

  // Playground
  playgroundKeyForm: 'pg-key-form',
  playgroundKey: 'pg-key',
  playgroundNoKeys: 'pg-no-keys',
  playgroundSecret: 'pg-secret',
  playgroundSecretResult: 'pg-secret-result',
  playgroundForget: 'pg-forget',
  playgroundNewKey: 'pg-new-key',
  playgroundNewKeyBox: 'pg-new-key-box',
  playgroundNewKeyValue: 'pg-new-key-value',
  playgroundModel: 'pg-model',
  playgroundSystem: 'pg-system',
  playgroundLog: 'pg-log',
  playgroundChatForm: 'pg-chat-form',
  playgroundMessage: 'pg-message',
  playgroundSend: 'pg-send',
  playgroundStop: 'pg-stop',
  playgroundClear: 'pg-clear',
  playgroundUsage: 'pg-usage',

  // API docs (no script; the browser tests read them)
  docsBaseUrl: 'docs-base-url',
  docsDownload: 'docs-download',
});

/** The admin page's tabs; each is also the id of its panel and the URL hash that shows it. */
export const adminTabs = /** @type {const} */ ([
  'overview',
  'users',
  'tokens',
  'ips',
  'settings',
  'announcements',
]);
