import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { FernetKey } from './fernet.ts';

/**
 * For tests only: a Fernet encoder written from the spec, to seal values the way the Python KiroGate did:
 * 0x80 | 8-byte big-endian seconds | 16-byte IV | AES-128-CBC (PKCS7) | HMAC-SHA256 of all before it.
 */
export function encodeFernet(
  plaintext: string,
  key: FernetKey,
  options: { iv?: Buffer; at?: Date } = {},
): string {
  const iv = options.iv ?? randomBytes(16);
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(Math.floor((options.at ?? new Date()).getTime() / 1000)));
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const signed = Buffer.concat([Buffer.from([0x80]), timestamp, iv, ciphertext]);
  const mac = createHmac('sha256', key.signing).update(signed).digest();
  // Python's urlsafe_b64encode keeps the `=` padding; Node's base64url drops it.
  const text = Buffer.concat([signed, mac]).toString('base64url');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
}
