// Long runs of token alphabet are almost certainly tokens, whether or not we know them.
const opaqueToken = /[A-Za-z0-9+/=_:.-]{40,}/g;

/** Makes upstream-provided text fit for an error message: known secrets and token-like runs masked. */
export function redactSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  maxLength = 200,
): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret) safe = safe.replaceAll(secret, '[redacted]');
  }
  safe = safe.replace(opaqueToken, '[redacted]').replace(/\s+/g, ' ').trim();
  return safe.length > maxLength ? `${safe.slice(0, maxLength).trimEnd()}…` : safe;
}
