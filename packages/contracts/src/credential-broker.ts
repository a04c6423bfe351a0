import type { Caller } from './caller.ts';

export type AuthKind = 'social' | 'idc';

/** A credential handed to one request. The access token is fresh for at least the lease's lifetime. */
export interface Lease {
  leaseId: string;
  credentialId: string;
  accessToken: string;
  authKind: AuthKind;
  region: string;
  /** Only for social credentials; Kiro rejects it for IdC. */
  profileArn?: string;
  /** Stable per credential, so one token always looks like one machine upstream. */
  machineId: string;
  expiresAt: Date;
}

export interface LeaseRequest {
  caller: Caller;
  /** Kiro model id. */
  model: string;
  /** Conversation key for affinity (one conversation stays on one credential). */
  sessionKey?: string;
  /** Credentials that already failed this request: never returned (NO_CREDENTIAL_AVAILABLE if nothing else). */
  exclude?: string[];
}

export type OutcomeKind =
  | 'success'
  | 'throttled'
  | 'unauthorized'
  | 'quota-exhausted'
  | 'suspended'
  | 'upstream-error'
  | 'bad-request'
  | 'client-abort'
  | 'gateway-error';

export interface LeaseOutcome {
  kind: OutcomeKind;
  credits?: number;
  latencyMs: number;
  retryAfterSeconds?: number;
}

/**
 * The token broker as the gateway sees it. Implemented in-process (standalone) and over gRPC (scaled).
 */
export interface CredentialBroker {
  lease(request: LeaseRequest): Promise<Lease>;
  /** After an upstream 401/403: force one refresh of the leased credential and return a fresh lease. */
  refreshLease(leaseId: string): Promise<Lease>;
  /** Ends the lease. Fire-and-forget: implementations must never make the response wait for it. */
  report(leaseId: string, outcome: LeaseOutcome): void;
}
