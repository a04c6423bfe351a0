import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { secretsFragment } from './fragments/secrets-fragment.ts';
import { loadConfig } from './load-config.ts';
import { isPlaceholderSecret } from './placeholder-secret.ts';

describe('isPlaceholderSecret', () => {
  it.each([
    'change-me',
    'CHANGE_ME',
    'CHANGE_ME_32_BYTES_BASE64',
    'changeme-changeme-changeme',
    '<replace-me>',
    'your-secret-here',
    'xxxxxxxxxxxxxxxxxxxx',
    'PLACEHOLDER_SESSION_SECRET',
    '********',
  ])('refuses %s', (value) => {
    expect(isPlaceholderSecret(value)).toBe(true);
  });

  it.each([
    'q3L0oTk5mY6m2b2x8yqz2Jm6W7nO8s9tA1b2C3d4E5f=',
    'main-test-session-secret-0123456789',
    'dev-only-proxy-key',
  ])('accepts %s', (value) => {
    expect(isPlaceholderSecret(value)).toBe(false);
  });
});

describe('placeholder secrets at start-up', () => {
  const schema = z.object(secretsFragment);

  it('stops with the variable named and the value not echoed', () => {
    let caught: unknown;
    try {
      loadConfig(schema, {
        TOKEN_ENCRYPT_KEY: 'CHANGE_ME_32_BYTES_BASE64',
        TOKEN_ENCRYPT_KEY_PREVIOUS: 'change-me-please-now',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'TOKEN_ENCRYPT_KEY',
      'TOKEN_ENCRYPT_KEY_PREVIOUS.0',
    ]);
    expect(error.message).toContain('placeholder');
    expect(error.message).not.toContain('CHANGE_ME_32_BYTES_BASE64');
  });

  it('accepts generated key material', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig(schema, { TOKEN_ENCRYPT_KEY: key }).TOKEN_ENCRYPT_KEY).toBe(key);
  });
});
