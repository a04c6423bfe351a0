import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envList } from './env-parsers.ts';
import { kiroFragment } from './fragments/kiro-fragment.ts';
import { postgresFragment } from './fragments/postgres-fragment.ts';
import { redisFragment } from './fragments/redis-fragment.ts';
import { secretsFragment } from './fragments/secrets-fragment.ts';
import { loadConfig } from './load-config.ts';
import { secret } from './secret.ts';
import { summarizeConfig } from './summarize-config.ts';

describe('summarizeConfig', () => {
  const refreshToken = `aor${'Zx9'.repeat(40)}`;
  const encryptKey = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=';

  it('reports secrets only as set or unset and masks URL passwords', () => {
    const schema = z.object({ ...kiroFragment, ...postgresFragment, ...redisFragment, ...secretsFragment });
    const config = loadConfig(schema, {
      REFRESH_TOKEN: refreshToken,
      TOKEN_ENCRYPT_KEY: encryptKey,
      DATABASE_URL: 'postgres://kg:pgPassw0rd@db:5432/kirogate',
      KIRO_CREDS_FILE: 'https://creds.example/kiro.json?token=urlT0ken&x=1',
    });
    const summary = summarizeConfig(schema, config);
    expect(summary.REFRESH_TOKEN).toBe('set');
    expect(summary.TOKEN_ENCRYPT_KEY).toBe('set');
    expect(summary.TOKEN_ENCRYPT_KEY_PREVIOUS).toBe('unset');
    expect(summary.REDIS_URL).toBe('unset');
    expect(summary.DATABASE_URL).toBe('set');
    expect(summary.KIRO_CREDS_FILE).toBe('https://creds.example/kiro.json?token=***&x=1');
    expect(summary.KIRO_REGION).toBe('us-east-1');
    const text = JSON.stringify(summary);
    for (const value of [refreshToken, encryptKey, 'pgPassw0rd', 'urlT0ken'])
      expect(text).not.toContain(value);
  });

  it('finds the secret mark through optional, default and pipe wrappers', () => {
    const schema = z.object({
      INNER: secret(z.string()).optional(),
      OUTER: secret(z.string().optional()),
      DEFAULTED: secret(z.string()).default('fallback-secret'),
      LIST: secret(envList()),
      PLAIN_URL: z.string(),
    });
    const config = loadConfig(schema, {
      INNER: 'inner-secret',
      OUTER: 'outer-secret',
      LIST: 'one-secret,two-secret',
      PLAIN_URL: 'redis://:redisPass@cache:6379/0',
    });
    const summary = summarizeConfig(schema, config);
    expect(summary).toEqual({
      INNER: 'set',
      OUTER: 'set',
      DEFAULTED: 'set',
      LIST: 'set',
      PLAIN_URL: 'redis://:***@cache:6379/0',
    });
  });

  it('shows non-secret values as they are', () => {
    const schema = z.object({ HOSTS: envList(), NAME: z.string().optional() });
    const summary = summarizeConfig(schema, loadConfig(schema, { HOSTS: 'a,b' }));
    expect(summary).toEqual({ HOSTS: ['a', 'b'], NAME: 'unset' });
  });
});
