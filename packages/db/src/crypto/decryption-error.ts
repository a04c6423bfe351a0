export type DecryptionFailure = 'malformed' | 'unknown-key' | 'authentication-failed';

/** A stored secret that cannot be read back. The message never contains ciphertext or plaintext. */
export class DecryptionError extends Error {
  readonly reason: DecryptionFailure;

  constructor(reason: DecryptionFailure, keyId?: string) {
    const messages: Record<DecryptionFailure, string> = {
      malformed: 'stored secret is not a valid envelope',
      'unknown-key': `stored secret was encrypted with key ${keyId ?? '?'}, which is not configured`,
      'authentication-failed': 'stored secret failed authentication (wrong key, wrong row or tampered)',
    };
    super(messages[reason]);
    this.name = 'DecryptionError';
    this.reason = reason;
  }
}
