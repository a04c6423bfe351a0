export type { ApiKeyVerifier, VerifiedKey } from './api-key-verifier.ts';
export { type Caller, callerLabel } from './caller.ts';
export type {
  AdoptCredentialInput,
  CredentialAdmin,
  CredentialCheckResult,
  CredentialFilter,
  CredentialState,
  CredentialSummary,
  CredentialWriteCounts,
  PoolStatus,
  RegisterCredentialInput,
  SealedCredentialRow,
} from './credential-admin.ts';
export type {
  AuthKind,
  CredentialBroker,
  Lease,
  LeaseOutcome,
  LeaseRequest,
  OutcomeKind,
} from './credential-broker.ts';
export { hashSecret } from './hash-secret.ts';
export { type OutcomePolicy, outcomeKindFor, outcomePolicy } from './lease-outcome-policy.ts';
export {
  type CallerLimits,
  type LimitCounter,
  type LimitName,
  type LimitSubject,
  type LimitValues,
  limitCounter,
  limitNames,
  noLimits,
} from './limits.ts';
export {
  type KeyRevocation,
  keyRevocationChannel,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from './site-state.ts';
