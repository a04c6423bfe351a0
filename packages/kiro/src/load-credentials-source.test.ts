import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeRefreshToken } from './fake-refresh-token.ts';
import { type FetchLike, loadCredentialsSource } from './load-credentials-source.ts';
import { rejectionOf } from './rejection-of.ts';

const socialToken = fakeRefreshToken('social');
const idcToken = fakeRefreshToken('idc');
const hash = 'fe42de6e9e88ee8bd3796e591bc6c860a3774d4e';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiro-creds-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('loadCredentialsSource', () => {
  it('loads one social account object as a single credential', async () => {
    const path = await put('kiro-auth-token.json', { refreshToken: socialToken, authMethod: 'social' });
    const source = await loadCredentialsSource(path);
    expect(source).toEqual({
      kind: 'file',
      location: path,
      credentials: [{ authKind: 'social', refreshToken: socialToken, region: 'us-east-1' }],
    });
  });

  it('completes an IdC account from the <clientIdHash>.json registration next to it', async () => {
    await put(`${hash}.json`, {
      clientId: 'client-1',
      clientSecret: 'secret-1',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    const path = await put('kiro-auth-token.json', {
      refreshToken: idcToken,
      clientIdHash: hash,
      authMethod: 'IdC',
      provider: 'BuilderId',
    });
    const [credential] = (await loadCredentialsSource(path)).credentials;
    expect(credential).toMatchObject({ authKind: 'idc', clientId: 'client-1', clientSecret: 'secret-1' });
  });

  it('says the registration is missing when the side file is absent', async () => {
    const path = await put('token.json', { refreshToken: idcToken, clientIdHash: hash, authMethod: 'IdC' });
    await expect(loadCredentialsSource(path)).rejects.toThrow(/needs clientId and clientSecret/);
  });

  it('loads an array mixing the Kiro and kiro2api shapes, keeping file order and disabled entries', async () => {
    await put(`${hash}.json`, { clientId: 'client-1', clientSecret: 'secret-1' });
    const path = await put('accounts.json', [
      { refreshToken: socialToken, profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/A' },
      { auth: 'IdC', refreshToken: idcToken, clientId: 'c2', clientSecret: 's2', disabled: true },
      { refreshToken: idcToken, clientIdHash: hash },
    ]);
    const { credentials } = await loadCredentialsSource(path);
    expect(credentials.map((c) => [c.authKind, c.clientId, c.disabled])).toEqual([
      ['social', undefined, undefined],
      ['idc', 'c2', true],
      ['idc', 'client-1', undefined],
    ]);
  });

  it('names the array entry holding a truncated token and never prints the token', async () => {
    const truncated = `${socialToken.slice(0, 40)}...`;
    const path = await put('accounts.json', [{ refreshToken: socialToken }, { refreshToken: truncated }]);
    const error = await rejectionOf(loadCredentialsSource(path));
    expect(error.message).toContain(`${path} entry 1: the refresh token looks truncated`);
    expect(error.message).not.toContain(socialToken.slice(0, 20));
  });

  it('expands ~ against the home directory', async () => {
    await mkdir(join(dir, '.aws'));
    await put('.aws/token.json', { refreshToken: socialToken });
    const source = await loadCredentialsSource('~/.aws/token.json', { homeDir: dir });
    expect(source.location).toBe(join(dir, '.aws/token.json'));
    expect(source.credentials).toHaveLength(1);
  });

  it('reports unreadable files and invalid JSON without echoing contents', async () => {
    await expect(loadCredentialsSource(join(dir, 'absent.json'))).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('(ENOENT)'),
    });
    const path = await put('broken.json', `{"refreshToken": "${socialToken}"`);
    const error = await rejectionOf(loadCredentialsSource(path));
    expect(error.message).toBe(`${path}: not valid JSON`);
  });

  it('fetches a URL and its side file relative to it, hiding the query string in messages', async () => {
    const served: Record<string, unknown> = {
      'https://creds.example/kiro/accounts.json?sig=s3cr3t': [{ refreshToken: idcToken, clientIdHash: hash }],
      [`https://creds.example/kiro/${hash}.json`]: { clientId: 'client-u', clientSecret: 'secret-u' },
    };
    const requested: string[] = [];
    const fetch: FetchLike = async (url) => {
      requested.push(url);
      const body = served[url];
      return { ok: body !== undefined, status: body ? 200 : 404, text: async () => JSON.stringify(body) };
    };
    const source = await loadCredentialsSource('https://creds.example/kiro/accounts.json?sig=s3cr3t', {
      fetch,
    });
    expect(requested).toEqual(Object.keys(served));
    expect(source.kind).toBe('url');
    expect(source.location).toBe('https://creds.example/kiro/accounts.json');
    expect(source.credentials[0]).toMatchObject({ authKind: 'idc', clientId: 'client-u' });

    const failing: FetchLike = async () => ({ ok: false, status: 500, text: async () => '' });
    const error = await rejectionOf(
      loadCredentialsSource('https://creds.example/a.json?sig=s3cr3t', {
        fetch: failing,
      }),
    );
    expect(error.message).toBe('Cannot fetch credentials from https://creds.example/a.json (HTTP 500)');
  });

  it('ignores a clientIdHash that is not a plain file name', async () => {
    await put('secret.json', { clientId: 'stolen', clientSecret: 'stolen' });
    const path = await put('token.json', { refreshToken: socialToken, clientIdHash: '../secret' });
    await expect(loadCredentialsSource(path)).rejects.toThrow(/clientIdHash: must be a plain file name stem/);
  });
});
