import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeFernet } from './encode-fernet.ts';
import { decryptFernet, FernetError, fernetKey, kirogateFernetKey } from './fernet.ts';

// The published vector of the Fernet spec (generate.json / verify.json).
const specKey = fernetKey(Buffer.from('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', 'base64url'));
const specToken =
  'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
const specIv = Buffer.from(Array.from({ length: 16 }, (_, index) => index));
const specNow = new Date('1985-10-26T01:20:00-07:00');

function failure(run: () => unknown): FernetError {
  try {
    run();
  } catch (error) {
    if (error instanceof FernetError) return error;
    throw error;
  }
  throw new Error('expected a FernetError');
}

describe('decryptFernet', () => {
  it('opens the spec vector', () => {
    expect(decryptFernet(specToken, specKey).toString('utf8')).toBe('hello');
  });

  it('the test encoder reproduces the spec vector byte for byte', () => {
    expect(encodeFernet('hello', specKey, { iv: specIv, at: specNow })).toBe(specToken);
  });

  it('opens what the Python KiroGate sealed with its default key (sha256 of the passphrase)', () => {
    const key = kirogateFernetKey('kirogate_token_encrypt_key_32b!');
    const digest = createHash('sha256').update('kirogate_token_encrypt_key_32b!').digest();
    expect(key.signing).toEqual(digest.subarray(0, 16));
    expect(key.encryption).toEqual(digest.subarray(16));
    const token = `aorAAAA-${'x'.repeat(200)}`;
    expect(decryptFernet(encodeFernet(token, key), key).toString('utf8')).toBe(token);
    // Unpadded input (some tools strip `=`) opens too.
    expect(decryptFernet(encodeFernet('ab', key).replace(/=+$/, ''), key).toString('utf8')).toBe('ab');
  });

  it('refuses another key, an altered byte and garbage, without echoing the token', () => {
    const key = kirogateFernetKey('the key the seed ran with');
    const token = encodeFernet('secret-refresh-token', key);
    const wrongKey = failure(() => decryptFernet(token, kirogateFernetKey('another key')));
    expect(wrongKey.reason).toBe('signature-mismatch');
    expect(wrongKey.message).not.toContain(token);
    expect(wrongKey.message).not.toContain('secret-refresh-token');

    const raw = Buffer.from(token, 'base64url');
    raw[40] = raw[40]! ^ 1;
    expect(failure(() => decryptFernet(raw.toString('base64url'), key)).reason).toBe('signature-mismatch');

    expect(failure(() => decryptFernet('not a token!', key)).reason).toBe('malformed');
    const wrongVersion = Buffer.from(token, 'base64url');
    wrongVersion[0] = 0x81;
    expect(failure(() => decryptFernet(wrongVersion.toString('base64url'), key)).reason).toBe('malformed');
    expect(failure(() => decryptFernet(raw.subarray(0, 60).toString('base64url'), key)).reason).toBe(
      'malformed',
    );
  });
});
