export { assertRefreshTokenShape } from './assert-refresh-token-shape.ts';
export { type AuthKindFields, authKindOf } from './auth-kind-of.ts';
export {
  createKiroClient,
  type KiroAuth,
  type KiroCallOptions,
  type KiroClient,
  type KiroClientOptions,
  type KiroModelList,
} from './create-kiro-client.ts';
export { expandHome } from './expand-home.ts';
export {
  defaultExpiryThresholds,
  type ExpiryState,
  type ExpiryThresholds,
  expiryState,
} from './expiry-state.ts';
export { type KiroClientSettings, kiroClientFromConfig } from './kiro-client-from-config.ts';
export type { AuthKind, KiroCredential } from './kiro-credential.ts';
export { type KiroEndpointOptions, type KiroEndpoints, kiroEndpoints } from './kiro-endpoints.ts';
export { type KiroApi, type KiroHeaderOptions, kiroHeaders } from './kiro-headers.ts';
export { defaultKiroUserAgent, type KiroUserAgent } from './kiro-user-agent.ts';
export {
  type CredentialsSource,
  type FetchLike,
  type LoadCredentialsOptions,
  loadCredentialsSource,
} from './load-credentials-source.ts';
export { machineIdFor, normalizeMachineId } from './machine-id-for.ts';
export { defaultRefreshMarginMs, needsRefresh } from './needs-refresh.ts';
export { type KiroModel, type KiroModelPage, parseAvailableModels } from './parse-available-models.ts';
export { type ClientRegistration, parseCredential } from './parse-credential.ts';
export {
  type CreditAllowance,
  parseUsageLimits,
  type UsageBreakdown,
  type UsageLimits,
} from './parse-usage-limits.ts';
export { type RefreshOptions, type RefreshResult, refreshAccessToken } from './refresh-access-token.ts';
export { isPermanentRefreshError, RefreshError } from './refresh-error.ts';
export { type RefreshHeaderOptions, refreshHeaders } from './refresh-headers.ts';
export { toUpstreamNetworkError } from './upstream-network-error.ts';
export { type CredentialUpdate, writeBackCredentialsFile } from './write-back-credentials-file.ts';
