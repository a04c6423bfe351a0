import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret } from './hash-secret.ts';

describe('hashSecret', () => {
  it('is SHA-256 hex (FIPS 180-2 test vector)', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is stable, lower-case 64 hex, and distinct per key', () => {
    const key = `sk-${randomBytes(24).toString('hex')}`;
    expect(hashSecret(key)).toBe(hashSecret(key));
    expect(hashSecret(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(key)).toBe(createHash('sha256').update(Buffer.from(key, 'utf8')).digest('hex'));
    expect(hashSecret(`${key}x`)).not.toBe(hashSecret(key));
  });
});
