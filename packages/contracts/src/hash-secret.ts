import { hash } from 'node:crypto';

/**
 * SHA-256 hex of an API key or refresh token: how keys are stored and looked up, and how a caller's own
 * refresh token is identified without keeping it. Keys carry ≥192 random bits, so a fast hash is right.
 */
export function hashSecret(secret: string): string {
  // The one-shot form: a Hash object per call costs more than hashing a key.
  return hash('sha256', secret, 'hex');
}
