import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('masks known secrets, even short ones, and unknown token-like runs', () => {
    const unknown = `aor${'Z'.repeat(50)}`;
    const text = `token abc123 is bad; also ${unknown} rejected`;
    expect(redactSecrets(text, ['abc123'])).toBe('token [redacted] is bad; also [redacted] rejected');
  });

  it('bounds the length and flattens whitespace', () => {
    expect(redactSecrets('a\n\nb   c', [])).toBe('a b c');
    expect(redactSecrets('word '.repeat(100), [], 20)).toBe('word word word word…');
  });
});
