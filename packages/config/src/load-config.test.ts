import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { envBoolean, envInt } from './env-parsers.ts';
import { checkHttpServerTimeouts, httpServerFragment } from './fragments/http-server-fragment.ts';
import { kiroFragment } from './fragments/kiro-fragment.ts';
import { postgresFragment } from './fragments/postgres-fragment.ts';
import { secretsFragment } from './fragments/secrets-fragment.ts';
import { loadConfig } from './load-config.ts';

function captureError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  const schema = z.object({
    ...httpServerFragment,
    ...postgresFragment,
    ...kiroFragment,
    ...secretsFragment,
  });

  it('reports every invalid variable by name in one error', () => {
    const error = captureError(() =>
      loadConfig(schema, {
        PORT: 'eighty',
        KEEP_ALIVE_TIMEOUT_MS: '12',
        DATABASE_URL: 'mysql://root:hunter2hunter2@db/app',
        KIRO_REGION: 'moon',
        TOKEN_ENCRYPT_KEY: 'short',
      }),
    );
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'DATABASE_URL',
      'KEEP_ALIVE_TIMEOUT_MS',
      'KIRO_REGION',
      'PORT',
      'TOKEN_ENCRYPT_KEY',
    ]);
    for (const issue of error.issues) {
      expect(error.message).toContain(`${issue.variable}: ${issue.reason}`);
    }
  });

  it('never echoes a value, even from a refinement that interpolates it', () => {
    const refreshToken = `aor${'A1b2'.repeat(30)}`;
    const leaky = z.object({
      REFRESH_TOKEN: z
        .string()
        .refine((value) => value.length > 500, { error: (issue) => `bad ${issue.input}` }),
      DATABASE_URL: postgresFragment.DATABASE_URL,
    });
    const error = captureError(() =>
      loadConfig(leaky, { REFRESH_TOKEN: refreshToken, DATABASE_URL: 'mysql://u:p4ssw0rd!@h/d' }),
    );
    expect(error.issues).toHaveLength(2);
    const text = `${error.message}\n${JSON.stringify(error.issues)}\n${error.stack}`;
    expect(text).not.toContain(refreshToken);
    expect(text).not.toContain('p4ssw0rd!');
  });

  it('applies defaults and treats empty strings as unset', () => {
    const config = loadConfig(schema, { PORT: '', DATA_DIR: '   ', KIRO_REGION: 'eu-central-1' });
    expect(config.PORT).toBe(8000);
    expect(config.KEEP_ALIVE_TIMEOUT_MS).toBeLessThan(config.HEADERS_TIMEOUT_MS);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.KIRO_REGION).toBe('eu-central-1');
  });

  it('reads only the variables the schema names and returns a frozen object', () => {
    const config = loadConfig(z.object({ DEBUG: envBoolean(false) }), { DEBUG: '1', UNRELATED: 'x' });
    expect(config).toEqual({ DEBUG: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('runs cross-field checks and names the variable they blame', () => {
    const withCheck = z.object(httpServerFragment).superRefine(checkHttpServerTimeouts);
    const error = captureError(() =>
      loadConfig(withCheck, { KEEP_ALIVE_TIMEOUT_MS: '70000', HEADERS_TIMEOUT_MS: '70000' }),
    );
    expect(error.issues).toEqual([{ variable: 'HEADERS_TIMEOUT_MS', reason: expect.any(String) }]);
    const ok = loadConfig(withCheck, { KEEP_ALIVE_TIMEOUT_MS: '70000', HEADERS_TIMEOUT_MS: '71000' });
    expect(ok.HEADERS_TIMEOUT_MS).toBe(71_000);
  });

  it('reads process.env when no env is given', () => {
    const name = `KG_TEST_${process.pid}`;
    process.env[name] = '42';
    try {
      expect(loadConfig(z.object({ [name]: envInt(0) }))[name]).toBe(42);
    } finally {
      delete process.env[name];
    }
  });
});
