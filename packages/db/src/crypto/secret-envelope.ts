/**
 * `kg1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`: self-describing, so a row can be decrypted after
 * the current key changed, and text, so it fits the same column type on every Postgres.
 */
export const envelopeVersion = 'kg1';
export const ivBytes = 12;
export const tagBytes = 16;

/** The version and key id are authenticated too: relabelling an envelope with another key id fails. */
export function additionalData(keyId: string, aad: string): Buffer {
  return Buffer.from(`${envelopeVersion}|${keyId}|${aad}`, 'utf8');
}
