export type ExpiryState = 'valid' | 'expiring' | 'expired';

export interface ExpiryThresholds {
  /** Treated as expired this long before the actual expiry (clock skew, request duration). */
  expiredWithinMs: number;
  /** Reported as expiring soon, worth a background refresh. */
  expiringWithinMs: number;
}

export const defaultExpiryThresholds: ExpiryThresholds = {
  expiredWithinMs: 300_000,
  expiringWithinMs: 600_000,
};

/** Where an access token stands; a missing or unreadable expiry counts as expired. */
export function expiryState(
  expiresAt: Date | undefined,
  now: Date,
  thresholds: ExpiryThresholds = defaultExpiryThresholds,
): ExpiryState {
  if (!expiresAt || Number.isNaN(expiresAt.getTime())) return 'expired';
  const remaining = expiresAt.getTime() - now.getTime();
  if (remaining <= thresholds.expiredWithinMs) return 'expired';
  if (remaining <= thresholds.expiringWithinMs) return 'expiring';
  return 'valid';
}
