import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../config-error.ts';
import { loadConfig } from '../load-config.ts';
import { kiroFragment } from './kiro-fragment.ts';

describe('kiroFragment', () => {
  const schema = z.object(kiroFragment);

  it('accepts URL templates with {region} and plain simulator URLs', () => {
    const config = loadConfig(schema, {
      KIRO_API_URL: 'https://q.{region}.amazonaws.com',
      KIRO_AUTH_URL: 'http://127.0.0.1:7000/auth',
    });
    expect(config.KIRO_API_URL).toBe('https://q.{region}.amazonaws.com');
    expect(config.KIRO_AUTH_URL).toBe('http://127.0.0.1:7000/auth');
    expect(config.KIRO_OIDC_URL).toBeUndefined();
  });

  it('rejects regions and URLs that could send tokens elsewhere', () => {
    const env = { KIRO_REGION: 'evil.com/x', KIRO_OIDC_URL: 'file:///etc/passwd' };
    const error = (() => {
      try {
        loadConfig(schema, env);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual([
      'KIRO_REGION',
      'KIRO_OIDC_URL',
    ]);
  });
});
