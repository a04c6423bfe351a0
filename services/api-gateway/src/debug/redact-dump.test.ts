import { describe, expect, it } from 'vitest';
import { redactJson, redactText } from './redact-dump.ts';

describe('redactJson', () => {
  it('masks credential-named fields, known secrets and token shapes, and keeps the rest', () => {
    const value = {
      model: 'claude',
      refreshToken: 'r',
      nested: [{ 'x-api-key': 'k', Cookie: 'c=1', note: 'key my-proxy-secret here' }],
      text: `sk-${'x'.repeat(20)} aor${'y'.repeat(30)} Bearer abcdefghij eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz`,
      accessToken: null,
    };
    expect(redactJson(value, ['my-proxy-secret'])).toEqual({
      model: 'claude',
      refreshToken: '[redacted]',
      nested: [{ 'x-api-key': '[redacted]', Cookie: '[redacted]', note: 'key [redacted] here' }],
      text: '[redacted] [redacted] [redacted] [redacted]',
      accessToken: null,
    });
  });

  it('ignores secrets too short to be told apart from ordinary text', () => {
    expect(redactText('a bc def', ['bc'])).toBe('a bc def');
  });
});
