const maxMessageLength = 300;

/** Long unbroken runs of token alphabet characters: access/refresh tokens, JWTs, keys, ARNs with ids. */
const secretLike = /[A-Za-z0-9_\-+/=.:]{40,}/g;
const bearer = /\bBearer\s+\S+/gi;

/**
 * Makes upstream-provided text fit for a caller-visible error message: one line, bounded, and with
 * anything shaped like a credential removed. Kiro's bodies are short English sentences, so nothing of
 * value is lost.
 */
export function safeUpstreamMessage(text: string): string {
  const cleaned = text
    .replace(bearer, 'Bearer [redacted]')
    .replace(secretLike, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > maxMessageLength ? `${cleaned.slice(0, maxMessageLength - 3)}...` : cleaned;
}
