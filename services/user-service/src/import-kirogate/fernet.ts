import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Fernet (version 0x80) as the Python KiroGate sealed donated tokens with: 0x80, an 8-byte timestamp,
 * a 16-byte IV, AES-128-CBC ciphertext (PKCS7) and an HMAC-SHA256 over everything before it. The
 * 32-byte key is the signing key (first half) then the encryption key (second half).
 */
export interface FernetKey {
  readonly signing: Buffer;
  readonly encryption: Buffer;
}

export type FernetFailure = 'malformed' | 'signature-mismatch' | 'bad-padding';

/** Why a token did not open; the message never holds the token or its plaintext. */
export class FernetError extends Error {
  readonly reason: FernetFailure;

  constructor(reason: FernetFailure) {
    const messages: Record<FernetFailure, string> = {
      malformed: 'not a Fernet token',
      'signature-mismatch': 'signature mismatch (wrong key, or the value was altered)',
      'bad-padding': 'decrypted to invalid padding (the value was altered)',
    };
    super(messages[reason]);
    this.name = 'FernetError';
    this.reason = reason;
  }
}

const version = 0x80;
const headerBytes = 1 + 8 + 16;
const macBytes = 32;

export function fernetKey(bytes: Buffer): FernetKey {
  if (bytes.length !== 32) throw new Error('a Fernet key is 32 bytes');
  return { signing: Buffer.from(bytes.subarray(0, 16)), encryption: Buffer.from(bytes.subarray(16)) };
}

/** The Python KiroGate's key: `base64url(sha256(TOKEN_ENCRYPT_KEY))`, i.e. the digest's 32 bytes. */
export function kirogateFernetKey(tokenEncryptKey: string): FernetKey {
  return fernetKey(createHash('sha256').update(tokenEncryptKey, 'utf8').digest());
}

/** Verifies (constant time) and decrypts; the timestamp is not checked, as the Python side never did. */
export function decryptFernet(token: string, key: FernetKey): Buffer {
  const trimmed = token.trim();
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(trimmed)) throw new FernetError('malformed');
  const raw = Buffer.from(trimmed, 'base64url');
  const cipherBytes = raw.length - headerBytes - macBytes;
  if (raw[0] !== version || cipherBytes < 16 || cipherBytes % 16 !== 0) throw new FernetError('malformed');
  const signed = raw.subarray(0, raw.length - macBytes);
  const expected = createHmac('sha256', key.signing).update(signed).digest();
  if (!timingSafeEqual(expected, raw.subarray(raw.length - macBytes))) {
    throw new FernetError('signature-mismatch');
  }
  const iv = raw.subarray(9, headerBytes);
  const decipher = createDecipheriv('aes-128-cbc', key.encryption, iv);
  try {
    return Buffer.concat([decipher.update(raw.subarray(headerBytes, signed.length)), decipher.final()]);
  } catch {
    throw new FernetError('bad-padding');
  }
}
