export { AccessTokenSealer } from './access-token-sealer.ts';
export { type BrokerMetrics, brokerMetrics } from './broker-metrics.ts';
export { type BrokerConfig, brokerConfigSchema } from './config.ts';
export {
  applyOutcome,
  type CooldownClass,
  type CooldownPolicy,
  defaultCooldownPolicy,
} from './cooldown-policy.ts';
export {
  createTokenBrokerCore,
  type TokenBrokerCore,
  type TokenBrokerCoreOptions,
} from './create-token-broker-core.ts';
export { CredentialPoolAdmin, type CredentialPoolAdminOptions } from './credential-pool-admin.ts';
export type {
  CredentialRecord,
  CredentialSource,
  CredentialStatus,
  RefreshedTokens,
} from './credential-record.ts';
export type { CredentialStore } from './credential-store.ts';
export { DrizzleCredentialStore } from './drizzle-credential-store.ts';
export { MemoryCredentialStore } from './memory-credential-store.ts';
export { isServing, pickCredential } from './pick-credential.ts';
export {
  loadServerCredentials,
  type ServerCredentialSettings,
  type ServerCredentials,
} from './server-credentials.ts';
export {
  type RefreshFn,
  TokenBroker,
  type TokenBrokerEvents,
  type TokenBrokerOptions,
} from './token-broker.ts';
