import type { KiroCredential } from '@kirogate/kiro';

export type CredentialSource = 'server' | 'donated' | 'own';
export type CredentialStatus = 'active' | 'invalid' | 'disabled' | 'suspended' | 'quota_exhausted';

/** A Kiro credential as the broker manages it. Refresh tokens stay inside the broker. */
export interface CredentialRecord extends KiroCredential {
  id: string;
  source: CredentialSource;
  ownerUserId?: string;
  visibility: 'public' | 'private';
  status: CredentialStatus;
  statusReason?: string;
  /** End of a `quota_exhausted` status: usable again from then on. */
  statusUntil?: Date;
  /** When the account's quota resets, from the last getUsageLimits (health check). */
  quotaResetAt?: Date;
}

/** The part of a refresh that must be persisted before the refresh lock is released. */
export interface RefreshedTokens {
  refreshToken: string;
  accessToken: string;
  expiresAt: Date;
  profileArn?: string;
}
