import { createCipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './encryption-key.ts';
import { additionalData, envelopeVersion, ivBytes } from './secret-envelope.ts';

export interface EncryptOptions {
  key: EncryptionKey;
  /**
   * What the secret belongs to, e.g. `credentials:<id>:refresh_token`. Decryption must present the same
   * value, so a ciphertext copied to another row or column does not decrypt.
   */
  aad: string;
}

/** AES-256-GCM with a random 96-bit IV per call (NIST's limit: 2^32 encryptions per key). */
export function encryptSecret(plaintext: string, { key, aad }: EncryptOptions): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key.bytes(), iv);
  cipher.setAAD(additionalData(key.id, aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
  return `${envelopeVersion}.${key.id}.${sealed.toString('base64url')}`;
}
