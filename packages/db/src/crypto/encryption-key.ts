import { createHmac, hkdfSync } from 'node:crypto';

/**
 * A 256-bit AES key and its id. The id is an HMAC of the key, so it names the key in stored ciphertexts
 * without revealing anything about it and without a separate setting. The key bytes are held in a
 * private field: logging or serializing the object shows only the id.
 */
export class EncryptionKey {
  readonly id: string;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    if (bytes.length !== 32) throw new Error('an encryption key must be 32 bytes');
    this.#bytes = Buffer.from(bytes);
    this.id = createHmac('sha256', this.#bytes).update('kirogate key id v1').digest('hex').slice(0, 16);
  }

  /** The raw key, for the cipher only. */
  bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }
}

const hkdfSalt = 'kirogate/token-encrypt-key/v1';

/**
 * Reads `TOKEN_ENCRYPT_KEY`: 32 bytes as 64 hex characters or as base64 (standard or URL-safe);
 * anything else is a passphrase expanded with HKDF-SHA256. HKDF does not slow down guessing, so a
 * passphrase must itself be long and random.
 */
export function deriveEncryptionKey(material: string): EncryptionKey {
  const trimmed = material.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new EncryptionKey(Buffer.from(trimmed, 'hex'));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed, 'base64url');
    if (decoded.length === 32) return new EncryptionKey(decoded);
  }
  return new EncryptionKey(Buffer.from(hkdfSync('sha256', trimmed, hkdfSalt, 'aes-256-gcm', 32)));
}
