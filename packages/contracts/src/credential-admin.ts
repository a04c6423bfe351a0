import type { AuthKind } from './credential-broker.ts';

export type CredentialState = 'active' | 'invalid' | 'disabled' | 'suspended' | 'quota_exhausted';

/** A credential as other services may see it: never its tokens. */
export interface CredentialSummary {
  id: string;
  source: 'server' | 'donated';
  authKind: AuthKind;
  ownerUserId: string | null;
  visibility: 'public' | 'private';
  anonymous: boolean;
  status: CredentialState;
  statusReason: string | null;
  successCount: number;
  failCount: number;
  creditsUsed: number;
  availableCredits: number | null;
  quotaResetAt: Date | null;
  lastUsedAt: Date | null;
  lastCheckAt: Date | null;
  createdAt: Date;
}

export interface RegisterCredentialInput {
  refreshToken: string;
  authKind: AuthKind;
  clientId?: string;
  clientSecret?: string;
  region?: string;
  ownerUserId: string | null;
  visibility: 'public' | 'private';
  anonymous: boolean;
}

export interface CredentialFilter {
  ownerUserId?: string;
  visibility?: 'public' | 'private';
  status?: CredentialState;
  page?: number;
  pageSize?: number;
}

export interface CredentialCheckResult {
  credentialId: string;
  status: CredentialState;
  reason: string | null;
  availableCredits: number | null;
  quotaResetAt: Date | null;
  checkedAt: Date;
}

export interface PoolStatus {
  total: number;
  byStatus: Record<CredentialState, number>;
  coolingDown: number;
  inFlight: number;
  /**
   * Requests the public pool carries at once before the broker spreads load further: the in-flight cap
   * per credential × active public credentials. One user's share of it is capped by the gateway.
   */
  publicCapacity: number;
}

/**
 * Managing the credential pool (token-broker). user-service registers donations through it, the worker
 * runs health checks through it. Implemented in-process and over gRPC.
 */
export interface CredentialAdmin {
  /** Validates with one refresh, stores encrypted, rejects duplicates (CONFLICT) by refresh-token hash. */
  register(input: RegisterCredentialInput): Promise<CredentialSummary>;
  update(
    id: string,
    patch: { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' },
  ): Promise<CredentialSummary>;
  delete(id: string): Promise<void>;
  list(filter: CredentialFilter): Promise<{ items: CredentialSummary[]; total: number }>;
  /** Credentials per owner for many owners in one query; owners without any are left out. */
  countByOwner(ownerUserIds: readonly string[]): Promise<Map<string, number>>;
  /** Refresh + getUsageLimits now; stores and returns the verdict (revives credentials that work again). */
  check(id: string): Promise<CredentialCheckResult>;
  poolStatus(): Promise<PoolStatus>;
}
