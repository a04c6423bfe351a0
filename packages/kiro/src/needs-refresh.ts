export const defaultRefreshMarginMs = 600_000;

/** Refresh when there is no known expiry or it falls within `marginMs` of `now`. */
export function needsRefresh(
  expiresAt: Date | undefined,
  now: Date,
  marginMs: number = defaultRefreshMarginMs,
): boolean {
  if (!expiresAt || Number.isNaN(expiresAt.getTime())) return true;
  return expiresAt.getTime() <= now.getTime() + marginMs;
}
