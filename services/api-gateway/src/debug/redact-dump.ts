/** JSON keys whose values are credentials wherever they appear. */
const secretKey =
  /^(authorization|proxy-authorization|x-api-key|api[-_]?key|cookie|set-cookie|password|secret|client[-_]?secret|(access|refresh|id|session)[-_]?token|token)$/i;

/** Token shapes: user keys, Kiro refresh/access tokens, bearer credentials, long opaque runs. */
const tokenShapes = [
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bao[ra][A-Za-z0-9._:/+=-]{20,}/g,
  /\bBearer\s+[A-Za-z0-9._:/+=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];

/** Masks known secrets and token-shaped runs in text bound for a debug dump. */
export function redactText(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret.length >= 6) safe = safe.replaceAll(secret, '[redacted]');
  for (const shape of tokenShapes) safe = safe.replace(shape, '[redacted]');
  return safe;
}

/** A JSON value with credential-named fields masked, and every string passed through `redactText`. */
export function redactJson(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        secretKey.test(key) && item !== null && item !== '' ? '[redacted]' : redactJson(item, secrets);
    }
    return out;
  }
  return value;
}
