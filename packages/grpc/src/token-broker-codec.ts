import type {
  AdoptCredentialInput,
  AuthKind,
  Caller,
  CredentialCheckResult,
  CredentialFilter,
  CredentialState,
  CredentialSummary,
  Lease,
  LeaseOutcome,
  LeaseRequest,
  OutcomeKind,
  PoolStatus,
  RegisterCredentialInput,
  SealedCredentialRow,
} from '@kirogate/contracts';
import { noLimits } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type {
  AdoptedCredential__Output,
  AdoptedCredential as ProtoAdopted,
} from './generated/kirogate/tokenbroker/v1/AdoptedCredential.ts';
import type { AuthKind__Output } from './generated/kirogate/tokenbroker/v1/AuthKind.ts';
import type { Caller__Output, Caller as ProtoCaller } from './generated/kirogate/tokenbroker/v1/Caller.ts';
import type {
  CredentialCheckResult__Output,
  CredentialCheckResult as ProtoCheckResult,
} from './generated/kirogate/tokenbroker/v1/CredentialCheckResult.ts';
import type { CredentialState__Output } from './generated/kirogate/tokenbroker/v1/CredentialState.ts';
import type {
  CredentialSummary__Output,
  CredentialSummary as ProtoSummary,
} from './generated/kirogate/tokenbroker/v1/CredentialSummary.ts';
import type { Lease__Output, Lease as ProtoLease } from './generated/kirogate/tokenbroker/v1/Lease.ts';
import type {
  LeaseCredentialRequest,
  LeaseCredentialRequest__Output,
} from './generated/kirogate/tokenbroker/v1/LeaseCredentialRequest.ts';
import type {
  LeaseOutcomeReport,
  LeaseOutcomeReport__Output,
} from './generated/kirogate/tokenbroker/v1/LeaseOutcomeReport.ts';
import type {
  ListCredentialsRequest,
  ListCredentialsRequest__Output,
} from './generated/kirogate/tokenbroker/v1/ListCredentialsRequest.ts';
import type { OutcomeKind__Output } from './generated/kirogate/tokenbroker/v1/OutcomeKind.ts';
import type {
  PoolStatusResponse,
  PoolStatusResponse__Output,
} from './generated/kirogate/tokenbroker/v1/PoolStatusResponse.ts';
import type {
  RegisterCredentialRequest,
  RegisterCredentialRequest__Output,
} from './generated/kirogate/tokenbroker/v1/RegisterCredentialRequest.ts';
import type {
  SealedCredential as ProtoSealed,
  SealedCredential__Output,
} from './generated/kirogate/tokenbroker/v1/SealedCredential.ts';
import type { Visibility__Output } from './generated/kirogate/tokenbroker/v1/Visibility.ts';

/** Conversions between the transport-neutral contracts and the token-broker proto, both directions. */

const authKinds: Record<AuthKind, AuthKind__Output> = { social: 'AUTH_KIND_SOCIAL', idc: 'AUTH_KIND_IDC' };
const visibilities: Record<'public' | 'private', Visibility__Output> = {
  public: 'VISIBILITY_PUBLIC',
  private: 'VISIBILITY_PRIVATE',
};
const states: Record<CredentialState, CredentialState__Output> = {
  active: 'CREDENTIAL_STATE_ACTIVE',
  invalid: 'CREDENTIAL_STATE_INVALID',
  disabled: 'CREDENTIAL_STATE_DISABLED',
  suspended: 'CREDENTIAL_STATE_SUSPENDED',
  quota_exhausted: 'CREDENTIAL_STATE_QUOTA_EXHAUSTED',
};
const outcomeKinds: Record<OutcomeKind, OutcomeKind__Output> = {
  success: 'OUTCOME_KIND_SUCCESS',
  throttled: 'OUTCOME_KIND_THROTTLED',
  unauthorized: 'OUTCOME_KIND_UNAUTHORIZED',
  'quota-exhausted': 'OUTCOME_KIND_QUOTA_EXHAUSTED',
  suspended: 'OUTCOME_KIND_SUSPENDED',
  'upstream-error': 'OUTCOME_KIND_UPSTREAM_ERROR',
  'bad-request': 'OUTCOME_KIND_BAD_REQUEST',
  'client-abort': 'OUTCOME_KIND_CLIENT_ABORT',
  'gateway-error': 'OUTCOME_KIND_GATEWAY_ERROR',
};

function reverse<K extends string, V extends string>(table: Record<K, V>, value: V, what: string): K {
  for (const [key, mapped] of Object.entries(table) as [K, V][]) if (mapped === value) return key;
  throw new AppError('INVALID_REQUEST', `Unknown ${what}`);
}

function optionalReverse<K extends string, V extends string>(
  table: Record<K, V>,
  value: V | string,
  what: string,
): K | undefined {
  return value.endsWith('_UNSPECIFIED') || value === '' ? undefined : reverse(table, value as V, what);
}

export function callerToProto(caller: Caller): ProtoCaller {
  switch (caller.kind) {
    case 'server':
      return { server: {} };
    case 'own-token':
      return { ownToken: { refreshToken: caller.refreshToken, refreshTokenHash: caller.refreshTokenHash } };
    case 'user':
      return {
        user: {
          userId: caller.userId,
          keyId: caller.keyId,
          banned: caller.status === 'banned',
        },
      };
  }
}

export function callerFromProto(caller: Caller__Output | null): Caller {
  if (caller?.server) return { kind: 'server' };
  if (caller?.ownToken) {
    return {
      kind: 'own-token',
      refreshToken: caller.ownToken.refreshToken,
      refreshTokenHash: caller.ownToken.refreshTokenHash,
    };
  }
  if (caller?.user) {
    return {
      kind: 'user',
      userId: caller.user.userId,
      keyId: caller.user.keyId,
      status: caller.user.banned ? 'banned' : 'active',
      // The broker does not enforce limits (the gateway does), so none travel to it.
      limits: { user: noLimits, key: noLimits },
    };
  }
  throw new AppError('INVALID_REQUEST', 'LeaseCredential needs a caller.');
}

export function leaseRequestToProto(request: LeaseRequest): LeaseCredentialRequest {
  return {
    caller: callerToProto(request.caller),
    model: request.model,
    sessionKey: request.sessionKey ?? '',
    exclude: request.exclude ?? [],
  };
}

export function leaseRequestFromProto(request: LeaseCredentialRequest__Output): LeaseRequest {
  const result: LeaseRequest = { caller: callerFromProto(request.caller), model: request.model };
  if (request.sessionKey) result.sessionKey = request.sessionKey;
  if (request.exclude.length > 0) result.exclude = request.exclude;
  return result;
}

export function leaseToProto(lease: Lease): ProtoLease {
  return {
    leaseId: lease.leaseId,
    credentialId: lease.credentialId,
    accessToken: lease.accessToken,
    authKind: authKinds[lease.authKind],
    region: lease.region,
    profileArn: lease.profileArn ?? '',
    machineId: lease.machineId,
    expiresAtMs: lease.expiresAt.getTime(),
  };
}

export function leaseFromProto(lease: Lease__Output): Lease {
  const result: Lease = {
    leaseId: lease.leaseId,
    credentialId: lease.credentialId,
    accessToken: lease.accessToken,
    authKind: reverse(authKinds, lease.authKind, 'auth kind'),
    region: lease.region,
    machineId: lease.machineId,
    expiresAt: new Date(lease.expiresAtMs),
  };
  if (lease.profileArn) result.profileArn = lease.profileArn;
  return result;
}

export function outcomeToProto(leaseId: string, outcome: LeaseOutcome): LeaseOutcomeReport {
  const report: LeaseOutcomeReport = {
    leaseId,
    kind: outcomeKinds[outcome.kind],
    latencyMs: outcome.latencyMs,
  };
  if (outcome.credits !== undefined) report.credits = outcome.credits;
  if (outcome.retryAfterSeconds !== undefined) report.retryAfterSeconds = outcome.retryAfterSeconds;
  return report;
}

export function outcomeFromProto(report: LeaseOutcomeReport__Output): {
  leaseId: string;
  outcome: LeaseOutcome;
} {
  const outcome: LeaseOutcome = {
    kind: reverse(outcomeKinds, report.kind, 'outcome kind'),
    latencyMs: report.latencyMs,
  };
  if (report.credits !== undefined && report.credits !== null) outcome.credits = report.credits;
  if (report.retryAfterSeconds !== undefined && report.retryAfterSeconds !== null)
    outcome.retryAfterSeconds = report.retryAfterSeconds;
  return { leaseId: report.leaseId, outcome };
}

export function summaryToProto(summary: CredentialSummary): ProtoSummary {
  const result: ProtoSummary = {
    id: summary.id,
    source: summary.source,
    authKind: authKinds[summary.authKind],
    visibility: visibilities[summary.visibility],
    anonymous: summary.anonymous,
    status: states[summary.status],
    successCount: summary.successCount,
    failCount: summary.failCount,
    creditsUsed: summary.creditsUsed,
    createdAtMs: summary.createdAt.getTime(),
  };
  if (summary.ownerUserId !== null) result.ownerUserId = summary.ownerUserId;
  if (summary.statusReason !== null) result.statusReason = summary.statusReason;
  if (summary.availableCredits !== null) result.availableCredits = summary.availableCredits;
  if (summary.quotaResetAt) result.quotaResetAtMs = summary.quotaResetAt.getTime();
  if (summary.lastUsedAt) result.lastUsedAtMs = summary.lastUsedAt.getTime();
  if (summary.lastCheckAt) result.lastCheckAtMs = summary.lastCheckAt.getTime();
  return result;
}

export function summaryFromProto(summary: CredentialSummary__Output): CredentialSummary {
  return {
    id: summary.id,
    source: summary.source === 'server' ? 'server' : 'donated',
    authKind: reverse(authKinds, summary.authKind, 'auth kind'),
    ownerUserId: summary.ownerUserId ?? null,
    visibility: reverse(visibilities, summary.visibility, 'visibility'),
    anonymous: summary.anonymous,
    status: reverse(states, summary.status, 'credential state'),
    statusReason: summary.statusReason ?? null,
    successCount: summary.successCount,
    failCount: summary.failCount,
    creditsUsed: summary.creditsUsed,
    availableCredits: summary.availableCredits ?? null,
    quotaResetAt: dateOrNull(summary.quotaResetAtMs),
    lastUsedAt: dateOrNull(summary.lastUsedAtMs),
    lastCheckAt: dateOrNull(summary.lastCheckAtMs),
    createdAt: new Date(summary.createdAtMs),
  };
}

export function registerToProto(input: RegisterCredentialInput): RegisterCredentialRequest {
  const request: RegisterCredentialRequest = {
    refreshToken: input.refreshToken,
    authKind: authKinds[input.authKind],
    visibility: visibilities[input.visibility],
    anonymous: input.anonymous,
  };
  if (input.clientId) request.clientId = input.clientId;
  if (input.clientSecret) request.clientSecret = input.clientSecret;
  if (input.region) request.region = input.region;
  if (input.ownerUserId) request.ownerUserId = input.ownerUserId;
  return request;
}

export function registerFromProto(request: RegisterCredentialRequest__Output): RegisterCredentialInput {
  const input: RegisterCredentialInput = {
    refreshToken: request.refreshToken,
    authKind: reverse(authKinds, request.authKind, 'auth kind'),
    ownerUserId: request.ownerUserId ?? null,
    visibility: optionalReverse(visibilities, request.visibility, 'visibility') ?? 'private',
    anonymous: request.anonymous,
  };
  if (request.clientId) input.clientId = request.clientId;
  if (request.clientSecret) input.clientSecret = request.clientSecret;
  if (request.region) input.region = request.region;
  return input;
}

const adoptedStates = ['active', 'invalid', 'quota_exhausted'] as const;
const storedStates = ['active', 'invalid', 'disabled', 'suspended', 'quota_exhausted', 'cooldown'] as const;

export function adoptedToProto(item: AdoptCredentialInput): ProtoAdopted {
  const proto: ProtoAdopted = {
    refreshToken: item.refreshToken,
    authKind: authKinds[item.authKind],
    ownerUserId: item.ownerUserId,
    visibility: visibilities[item.visibility],
    anonymous: item.anonymous,
    status: states[item.status],
    successCount: item.successCount,
    failCount: item.failCount,
  };
  if (item.clientId) proto.clientId = item.clientId;
  if (item.clientSecret) proto.clientSecret = item.clientSecret;
  if (item.region) proto.region = item.region;
  if (item.statusReason !== null) proto.statusReason = item.statusReason;
  if (item.lastUsedAt) proto.lastUsedAtMs = item.lastUsedAt.getTime();
  if (item.lastCheckAt) proto.lastCheckAtMs = item.lastCheckAt.getTime();
  if (item.createdAt) proto.createdAtMs = item.createdAt.getTime();
  return proto;
}

export function adoptedFromProto(proto: AdoptedCredential__Output, index: number): AdoptCredentialInput {
  const status = reverse(states, proto.status, `credential state of items[${index}]`);
  if (!(adoptedStates as readonly string[]).includes(status)) {
    throw new AppError(
      'INVALID_REQUEST',
      `items[${index}].status: only active, invalid or quota_exhausted.`,
      {
        param: `items[${index}].status`,
      },
    );
  }
  const item: AdoptCredentialInput = {
    refreshToken: proto.refreshToken,
    authKind: reverse(authKinds, proto.authKind, `auth kind of items[${index}]`),
    ownerUserId: proto.ownerUserId,
    visibility: optionalReverse(visibilities, proto.visibility, 'visibility') ?? 'private',
    anonymous: proto.anonymous,
    status: status as AdoptCredentialInput['status'],
    statusReason: proto.statusReason ?? null,
    successCount: proto.successCount,
    failCount: proto.failCount,
    lastUsedAt: dateOrNull(proto.lastUsedAtMs),
    lastCheckAt: dateOrNull(proto.lastCheckAtMs),
    createdAt: dateOrNull(proto.createdAtMs),
  };
  if (proto.clientId) item.clientId = proto.clientId;
  if (proto.clientSecret) item.clientSecret = proto.clientSecret;
  if (proto.region) item.region = proto.region;
  return item;
}

export function sealedToProto(row: SealedCredentialRow): ProtoSealed {
  const proto: ProtoSealed = {
    id: row.id,
    source: row.source,
    authKind: authKinds[row.authKind],
    refreshTokenEnc: row.refreshTokenEnc,
    keyId: row.keyId,
    tokenHash: row.tokenHash,
    region: row.region,
    visibility: visibilities[row.visibility],
    anonymous: row.anonymous,
    status: row.status,
    successCount: row.successCount,
    failCount: row.failCount,
    creditsUsed: row.creditsUsed,
    createdAtMs: row.createdAt.getTime(),
    updatedAtMs: row.updatedAt.getTime(),
  };
  if (row.ownerUserId !== null) proto.ownerUserId = row.ownerUserId;
  if (row.clientIdEnc !== null) proto.clientIdEnc = row.clientIdEnc;
  if (row.clientSecretEnc !== null) proto.clientSecretEnc = row.clientSecretEnc;
  if (row.clientExpiresAt) proto.clientExpiresAtMs = row.clientExpiresAt.getTime();
  if (row.profileArn !== null) proto.profileArn = row.profileArn;
  if (row.statusReason !== null) proto.statusReason = row.statusReason;
  if (row.statusUntil) proto.statusUntilMs = row.statusUntil.getTime();
  if (row.creditsLimit !== null) proto.creditsLimit = row.creditsLimit;
  if (row.creditsAvailable !== null) proto.creditsAvailable = row.creditsAvailable;
  if (row.quotaResetsAt) proto.quotaResetsAtMs = row.quotaResetsAt.getTime();
  if (row.lastUsedAt) proto.lastUsedAtMs = row.lastUsedAt.getTime();
  if (row.lastCheckAt) proto.lastCheckAtMs = row.lastCheckAt.getTime();
  return proto;
}

export function sealedFromProto(proto: SealedCredential__Output, index: number): SealedCredentialRow {
  if (!(storedStates as readonly string[]).includes(proto.status)) {
    throw new AppError('INVALID_REQUEST', `rows[${index}].status: unknown credential status.`, {
      param: `rows[${index}].status`,
    });
  }
  if (proto.source !== 'server' && proto.source !== 'donated') {
    throw new AppError('INVALID_REQUEST', `rows[${index}].source: expected server or donated.`, {
      param: `rows[${index}].source`,
    });
  }
  return {
    id: proto.id,
    ownerUserId: proto.ownerUserId ?? null,
    source: proto.source,
    authKind: reverse(authKinds, proto.authKind, `auth kind of rows[${index}]`),
    refreshTokenEnc: proto.refreshTokenEnc,
    clientIdEnc: proto.clientIdEnc ?? null,
    clientSecretEnc: proto.clientSecretEnc ?? null,
    keyId: proto.keyId,
    tokenHash: proto.tokenHash,
    clientExpiresAt: dateOrNull(proto.clientExpiresAtMs),
    region: proto.region,
    profileArn: proto.profileArn ?? null,
    visibility: reverse(visibilities, proto.visibility, `visibility of rows[${index}]`),
    anonymous: proto.anonymous,
    status: proto.status as SealedCredentialRow['status'],
    statusReason: proto.statusReason ?? null,
    statusUntil: dateOrNull(proto.statusUntilMs),
    successCount: proto.successCount,
    failCount: proto.failCount,
    creditsUsed: proto.creditsUsed,
    creditsLimit: proto.creditsLimit ?? null,
    creditsAvailable: proto.creditsAvailable ?? null,
    quotaResetsAt: dateOrNull(proto.quotaResetsAtMs),
    lastUsedAt: dateOrNull(proto.lastUsedAtMs),
    lastCheckAt: dateOrNull(proto.lastCheckAtMs),
    createdAt: new Date(proto.createdAtMs),
    updatedAt: new Date(proto.updatedAtMs),
  };
}

export function updatePatchFromProto(request: {
  visibility: Visibility__Output;
  status: CredentialState__Output;
}): { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' } {
  const patch: { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' } = {};
  const visibility = optionalReverse(visibilities, request.visibility, 'visibility');
  if (visibility) patch.visibility = visibility;
  const status = optionalReverse(states, request.status, 'credential state');
  if (status === 'active' || status === 'disabled') patch.status = status;
  else if (status) throw new AppError('INVALID_REQUEST', 'A credential can only be set active or disabled.');
  return patch;
}

export function updatePatchToProto(patch: {
  visibility?: 'public' | 'private';
  status?: 'active' | 'disabled';
}): {
  visibility: Visibility__Output;
  status: CredentialState__Output;
} {
  return {
    visibility: patch.visibility ? visibilities[patch.visibility] : 'VISIBILITY_UNSPECIFIED',
    status: patch.status ? states[patch.status] : 'CREDENTIAL_STATE_UNSPECIFIED',
  };
}

export function filterToProto(filter: CredentialFilter): ListCredentialsRequest {
  const request: ListCredentialsRequest = {
    visibility: filter.visibility ? visibilities[filter.visibility] : 'VISIBILITY_UNSPECIFIED',
    status: filter.status ? states[filter.status] : 'CREDENTIAL_STATE_UNSPECIFIED',
    page: filter.page ?? 0,
    pageSize: filter.pageSize ?? 0,
  };
  if (filter.ownerUserId) request.ownerUserId = filter.ownerUserId;
  return request;
}

export function filterFromProto(request: ListCredentialsRequest__Output): CredentialFilter {
  const filter: CredentialFilter = {};
  if (request.ownerUserId) filter.ownerUserId = request.ownerUserId;
  const visibility = optionalReverse(visibilities, request.visibility, 'visibility');
  if (visibility) filter.visibility = visibility;
  const status = optionalReverse(states, request.status, 'credential state');
  if (status) filter.status = status;
  if (request.page) filter.page = request.page;
  if (request.pageSize) filter.pageSize = request.pageSize;
  return filter;
}

export function checkResultToProto(result: CredentialCheckResult): ProtoCheckResult {
  const proto: ProtoCheckResult = {
    credentialId: result.credentialId,
    status: states[result.status],
    checkedAtMs: result.checkedAt.getTime(),
  };
  if (result.reason !== null) proto.reason = result.reason;
  if (result.availableCredits !== null) proto.availableCredits = result.availableCredits;
  if (result.quotaResetAt) proto.quotaResetAtMs = result.quotaResetAt.getTime();
  return proto;
}

export function checkResultFromProto(result: CredentialCheckResult__Output): CredentialCheckResult {
  return {
    credentialId: result.credentialId,
    status: reverse(states, result.status, 'credential state'),
    reason: result.reason ?? null,
    availableCredits: result.availableCredits ?? null,
    quotaResetAt: dateOrNull(result.quotaResetAtMs),
    checkedAt: new Date(result.checkedAtMs),
  };
}

export function poolStatusToProto(status: PoolStatus): PoolStatusResponse {
  return {
    total: status.total,
    byStatus: { ...status.byStatus },
    coolingDown: status.coolingDown,
    inFlight: status.inFlight,
    publicCapacity: status.publicCapacity,
  };
}

export function poolStatusFromProto(status: PoolStatusResponse__Output): PoolStatus {
  const byStatus: Record<CredentialState, number> = {
    active: 0,
    invalid: 0,
    disabled: 0,
    suspended: 0,
    quota_exhausted: 0,
  };
  for (const state of Object.keys(byStatus) as CredentialState[])
    byStatus[state] = status.byStatus[state] ?? 0;
  return {
    total: status.total,
    byStatus,
    coolingDown: status.coolingDown,
    inFlight: status.inFlight,
    publicCapacity: status.publicCapacity,
  };
}

function dateOrNull(ms: number | null | undefined): Date | null {
  return ms === undefined || ms === null ? null : new Date(ms);
}
