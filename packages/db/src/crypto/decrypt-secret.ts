import { createDecipheriv } from 'node:crypto';
import { DecryptionError } from './decryption-error.ts';
import type { Keyring } from './keyring.ts';
import { additionalData, envelopeVersion, ivBytes, tagBytes } from './secret-envelope.ts';

export interface DecryptOptions {
  keyring: Keyring;
  /** The value given to `encryptSecret`. */
  aad: string;
}

export function decryptSecret(envelope: string, { keyring, aad }: DecryptOptions): string {
  const [version, keyId, payload, ...rest] = envelope.split('.');
  if (version !== envelopeVersion || keyId === undefined || payload === undefined || rest.length > 0) {
    throw new DecryptionError('malformed');
  }
  const key = keyring.find(keyId);
  if (key === undefined) throw new DecryptionError('unknown-key', keyId);
  const sealed = Buffer.from(payload, 'base64url');
  if (sealed.length < ivBytes + tagBytes) throw new DecryptionError('malformed');
  const decipher = createDecipheriv('aes-256-gcm', key.bytes(), sealed.subarray(0, ivBytes), {
    authTagLength: tagBytes,
  });
  decipher.setAAD(additionalData(keyId, aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    const plaintext = Buffer.concat([
      decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)),
      decipher.final(),
    ]);
    return plaintext.toString('utf8');
  } catch {
    throw new DecryptionError('authentication-failed');
  }
}

/** The key id of an envelope, to find rows a rotation job still has to re-encrypt. */
export function envelopeKeyId(envelope: string): string | undefined {
  const [version, keyId] = envelope.split('.');
  return version === envelopeVersion ? keyId : undefined;
}
