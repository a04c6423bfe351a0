import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { looksLikeSecret, scrubSecrets } from './scrub-secrets.ts';

describe('scrubSecrets', () => {
  it('keeps what kind of secret it was but not the secret', () => {
    const bearer = randomBytes(24).toString('base64');
    expect(scrubSecrets(`Authorization: Bearer ${bearer}`)).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('GET /x?access_token=abc123&page=2')).toBe('GET /x?access_token=[redacted]&page=2');
    expect(scrubSecrets('redis://:pw@cache:6379')).toBe('redis://:[redacted]@cache:6379');
  });

  it('removes several secrets from one string', () => {
    const refresh = `aor${randomBytes(60).toString('base64')}`;
    const key = `sk-${randomBytes(16).toString('hex')}`;
    const scrubbed = scrubSecrets(`${key}:${refresh}`);
    expect(scrubbed).not.toContain(refresh);
    expect(scrubbed).not.toContain(key);
  });
});

describe('looksLikeSecret', () => {
  it('flags keys and tokens', () => {
    expect(looksLikeSecret(`sk-${randomBytes(16).toString('hex')}`)).toBe(true);
    expect(looksLikeSecret(`aoa${randomBytes(30).toString('base64url')}`)).toBe(true);
    expect(looksLikeSecret(`X9${randomBytes(30).toString('base64url')}`)).toBe(true);
  });

  it('passes the values labels normally carry', () => {
    for (const value of [
      randomUUID(),
      'claude-opus-4-1-20250805',
      '/v1/chat/completions',
      'UPSTREAM_THROTTLED',
      '429',
    ]) {
      expect(looksLikeSecret(value), value).toBe(false);
    }
  });
});
