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

/**
 * A credential moved over from elsewhere (the Python KiroGate import): its plaintext secrets, which the
 * broker seals with its own key, and its history as the old system kept it. Never refreshed on the way in.
 */
export interface AdoptCredentialInput {
  refreshToken: string;
  authKind: AuthKind;
  clientId?: string;
  clientSecret?: string;
  region?: string;
  ownerUserId: string;
  visibility: 'public' | 'private';
  anonymous: boolean;
  status: 'active' | 'invalid' | 'quota_exhausted';
  statusReason: string | null;
  successCount: number;
  failCount: number;
  lastUsedAt: Date | null;
  lastCheckAt: Date | null;
  createdAt: Date | null;
}

/**
 * A `credentials` row as a backup carries it: secrets still sealed with our keyring (bound to `id`),
 * field names as in the schema.
 */
export interface SealedCredentialRow {
  id: string;
  ownerUserId: string | null;
  source: 'server' | 'donated';
  authKind: AuthKind;
  refreshTokenEnc: string;
  clientIdEnc: string | null;
  clientSecretEnc: string | null;
  keyId: string;
  tokenHash: string;
  clientExpiresAt: Date | null;
  region: string;
  profileArn: string | null;
  visibility: 'public' | 'private';
  anonymous: boolean;
  status: CredentialState | 'cooldown';
  statusReason: string | null;
  statusUntil: Date | null;
  successCount: number;
  failCount: number;
  creditsUsed: number;
  creditsLimit: number | null;
  creditsAvailable: number | null;
  quotaResetsAt: Date | null;
  lastUsedAt: Date | null;
  lastCheckAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a bulk write did: rows written, and rows left out because they were here already. */
export interface CredentialWriteCounts {
  inserted: number;
  skipped: number;
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
  /**
   * Stores moved-over credentials sealed with the broker's key, without a refresh (an import must not
   * call Kiro per token). Skips those whose refresh token is here already (by hash), so a rerun adds
   * nothing; `dryRun` counts without writing. The pool is reloaded at once.
   */
  adopt(
    items: readonly AdoptCredentialInput[],
    options?: { dryRun?: boolean },
  ): Promise<CredentialWriteCounts>;
  /**
   * Stores backed-up rows as they are (already sealed with this keyring; a row whose key is not in it is
   * rejected, naming the row). Skips rows whose id or token hash is here already. `dryRun` checks and
   * counts without writing. The pool is reloaded at once.
   */
  restore(
    rows: readonly SealedCredentialRow[],
    options?: { dryRun?: boolean },
  ): Promise<CredentialWriteCounts>;
  /** Refresh + getUsageLimits now; stores and returns the verdict (revives credentials that work again). */
  check(id: string): Promise<CredentialCheckResult>;
  poolStatus(): Promise<PoolStatus>;
}
