/** A refresh token of realistic length (Kiro's are several hundred characters and start with `aor`). */
export function fakeRefreshToken(tag: string): string {
  return `aor${tag}${'A'.repeat(160)}`;
}
