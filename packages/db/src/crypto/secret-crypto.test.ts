import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decryptSecret, envelopeKeyId } from './decrypt-secret.ts';
import { DecryptionError } from './decryption-error.ts';
import { encryptSecret } from './encrypt-secret.ts';
import { deriveEncryptionKey, EncryptionKey } from './encryption-key.ts';
import { createKeyring } from './keyring.ts';

const newKey = () => new EncryptionKey(randomBytes(32));
const refreshToken = () => `aor${randomBytes(200).toString('base64')}`;

function failure(run: () => unknown): DecryptionError['reason'] {
  try {
    run();
  } catch (error) {
    if (error instanceof DecryptionError) return error.reason;
    throw error;
  }
  throw new Error('expected decryption to fail');
}

describe('encryptSecret / decryptSecret', () => {
  const key = newKey();
  const keyring = createKeyring(key);
  const aad = `credentials:${randomUUID()}:refresh_token`;

  it('round-trips any text and never repeats a ciphertext', () => {
    for (const plaintext of [refreshToken(), '', 'ключ 🔑 密钥', 'x'.repeat(100_000)]) {
      const first = encryptSecret(plaintext, { key, aad });
      const second = encryptSecret(plaintext, { key, aad });
      expect(first).not.toBe(second);
      expect(decryptSecret(first, { keyring, aad })).toBe(plaintext);
      expect(decryptSecret(second, { keyring, aad })).toBe(plaintext);
    }
  });

  it('stores the key id and not the plaintext', () => {
    const plaintext = refreshToken();
    const envelope = encryptSecret(plaintext, { key, aad });
    expect(envelopeKeyId(envelope)).toBe(key.id);
    expect(envelope).not.toContain(plaintext.slice(3, 40));
  });

  it('detects any flipped byte of IV, ciphertext or tag', () => {
    const envelope = encryptSecret(refreshToken(), { key, aad });
    const [version, keyId, payload] = envelope.split('.') as [string, string, string];
    const sealed = Buffer.from(payload, 'base64url');
    for (const index of [0, 11, 12, Math.floor(sealed.length / 2), sealed.length - 17, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = (tampered[index] ?? 0) ^ (1 << Math.floor(Math.random() * 8));
      const forged = `${version}.${keyId}.${tampered.toString('base64url')}`;
      expect(
        failure(() => decryptSecret(forged, { keyring, aad })),
        `byte ${index}`,
      ).toBe('authentication-failed');
    }
  });

  it('refuses a ciphertext moved to another row or column', () => {
    const envelope = encryptSecret(refreshToken(), { key, aad });
    expect(
      failure(() => decryptSecret(envelope, { keyring, aad: `credentials:${randomUUID()}:refresh_token` })),
    ).toBe('authentication-failed');
    expect(
      failure(() => decryptSecret(envelope, { keyring, aad: aad.replace('refresh_token', 'client_secret') })),
    ).toBe('authentication-failed');
  });

  it('fails with the wrong key, an unknown key id or a relabelled key id', () => {
    const other = newKey();
    const envelope = encryptSecret(refreshToken(), { key, aad });
    expect(failure(() => decryptSecret(envelope, { keyring: createKeyring(other), aad }))).toBe(
      'unknown-key',
    );
    const relabelled = envelope.replace(`.${key.id}.`, `.${other.id}.`);
    expect(failure(() => decryptSecret(relabelled, { keyring: createKeyring(key, [other]), aad }))).toBe(
      'authentication-failed',
    );
  });

  it('decrypts with a previous key after rotation and encrypts with the current one', () => {
    const old = newKey();
    const envelope = encryptSecret('legacy', { key: old, aad });
    const rotated = createKeyring(newKey(), [old]);
    expect(decryptSecret(envelope, { keyring: rotated, aad })).toBe('legacy');
    expect(envelopeKeyId(encryptSecret('new', { key: rotated.current, aad }))).toBe(rotated.current.id);
  });

  it('rejects malformed envelopes', () => {
    for (const envelope of [
      '',
      'plain text',
      `kg0.${key.id}.AAAA`,
      `kg1.${key.id}.AAAA`,
      `kg1.${key.id}.a.b`,
    ]) {
      expect(
        failure(() => decryptSecret(envelope, { keyring, aad })),
        envelope,
      ).toMatch(/malformed|unknown-key/);
    }
  });

  it('never shows the key bytes when a key is logged or serialized', () => {
    const bytes = randomBytes(32);
    const shown = new EncryptionKey(bytes);
    const text = `${JSON.stringify({ shown })} ${inspect(shown, { depth: 5 })} ${String(Object.values(shown))}`;
    for (const encoding of ['hex', 'base64', 'base64url'] as const)
      expect(text).not.toContain(bytes.toString(encoding));
    expect(text).toContain(shown.id);
  });
});

describe('deriveEncryptionKey', () => {
  it('reads 32-byte keys given as hex, base64 or base64url identically', () => {
    const bytes = randomBytes(32);
    const ids = ['hex', 'base64', 'base64url'].map(
      (encoding) => deriveEncryptionKey(bytes.toString(encoding as BufferEncoding)).id,
    );
    expect(new Set(ids).size).toBe(1);
    expect(deriveEncryptionKey(bytes.toString('hex')).bytes().equals(bytes)).toBe(true);
  });

  it('stretches a passphrase deterministically into a distinct key', () => {
    const passphrase = `correct horse ${randomUUID()}`;
    const first = deriveEncryptionKey(passphrase);
    expect(deriveEncryptionKey(passphrase).bytes().equals(first.bytes())).toBe(true);
    expect(deriveEncryptionKey(`${passphrase}!`).id).not.toBe(first.id);
    expect(first.bytes()).toHaveLength(32);
  });
});
