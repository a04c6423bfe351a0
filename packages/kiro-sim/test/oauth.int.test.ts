import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KiroSim, startKiroSim } from '../src/index.ts';

let sim: KiroSim;
const callback = 'http://app.test/oauth/callback';

beforeAll(async () => {
  sim = await startKiroSim();
});
afterAll(() => sim.close());

async function authorizeAt(path: string, params: Record<string, string>): Promise<URL> {
  const response = await fetch(`${sim.url}${path}?${new URLSearchParams(params)}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

describe('fake GitHub', () => {
  const authorize = (params: Record<string, string>) =>
    authorizeAt('/github/login/oauth/authorize', {
      client_id: 'gh-client',
      redirect_uri: callback,
      ...params,
    });
  const exchange = (fields: Record<string, string>, accept = 'application/json') =>
    fetch(`${sim.url}/github/login/oauth/access_token`, {
      method: 'POST',
      headers: { ...formHeaders, accept },
      body: form({ client_id: 'gh-client', client_secret: 'gh-secret', redirect_uri: callback, ...fields }),
    });

  it('logs in as the requested user through the whole web flow', async () => {
    const redirect = await authorize({ state: 'xyz', login_as: 'alice' });
    expect(`${redirect.origin}${redirect.pathname}`).toBe(callback);
    expect(redirect.searchParams.get('state')).toBe('xyz');
    const token = (await (await exchange({ code: redirect.searchParams.get('code')! })).json()) as Record<
      string,
      string
    >;
    expect(token).toMatchObject({ access_token: expect.stringMatching(/^gho_/), token_type: 'bearer' });
    const user = await fetch(`${sim.url}/github/api/user`, {
      headers: { authorization: `token ${token.access_token}` },
    });
    const alice = (await user.json()) as Record<string, unknown>;
    expect(alice).toEqual({
      id: expect.any(Number),
      login: 'alice',
      name: 'Alice',
      avatar_url: expect.any(String),
    });

    const bobRedirect = await authorize({ login_as: 'bob' });
    const bobToken = (await (
      await exchange({ code: bobRedirect.searchParams.get('code')! })
    ).json()) as Record<string, string>;
    const bob = (await (
      await fetch(`${sim.url}/github/api/user`, {
        headers: { authorization: `Bearer ${bobToken.access_token}` },
      })
    ).json()) as Record<string, unknown>;
    expect(bob.login).toBe('bob');
    expect(bob.id).not.toBe(alice.id);
  });

  it('answers form-encoded tokens unless JSON is accepted, and codes work once', async () => {
    const code = (await authorize({})).searchParams.get('code')!;
    const first = await exchange({ code }, '*/*');
    expect(new URLSearchParams(await first.text()).get('access_token')).toMatch(/^gho_/);
    const reused = (await (await exchange({ code })).json()) as Record<string, string>;
    expect(reused.error).toBe('bad_verification_code');
  });

  it('verifies PKCE S256 when a challenge was given', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = { code_challenge: challenge, code_challenge_method: 'S256' };
    const wrong = await exchange({
      code: (await authorize(params)).searchParams.get('code')!,
      code_verifier: 'b'.repeat(50),
    });
    expect(((await wrong.json()) as Record<string, string>).error).toBe('bad_verification_code');
    const right = await exchange({
      code: (await authorize(params)).searchParams.get('code')!,
      code_verifier: verifier,
    });
    expect(((await right.json()) as Record<string, string>).access_token).toMatch(/^gho_/);
  });

  it('rejects a code redeemed by another client and a bad token on /user', async () => {
    const code = (await authorize({})).searchParams.get('code')!;
    const response = await fetch(`${sim.url}/github/login/oauth/access_token`, {
      method: 'POST',
      headers: { ...formHeaders, accept: 'application/json' },
      body: form({ client_id: 'other', client_secret: 's', code }),
    });
    expect(((await response.json()) as Record<string, string>).error).toBe('incorrect_client_credentials');
    const user = await fetch(`${sim.url}/github/api/user`, { headers: { authorization: 'Bearer gho_nope' } });
    expect(user.status).toBe(401);
  });
});

describe('fake LinuxDo', () => {
  const basic = `Basic ${Buffer.from('ld-client:ld-secret').toString('base64')}`;
  const authorize = (params: Record<string, string>) =>
    authorizeAt('/linuxdo/oauth2/authorize', {
      client_id: 'ld-client',
      redirect_uri: callback,
      response_type: 'code',
      ...params,
    });
  const exchange = (fields: Record<string, string>, authorization: string | null = basic) =>
    fetch(`${sim.url}/linuxdo/oauth2/token`, {
      method: 'POST',
      headers: { ...formHeaders, ...(authorization !== null && { authorization }) },
      body: form({ grant_type: 'authorization_code', redirect_uri: callback, ...fields }),
    });

  it('logs in with HTTP Basic client credentials and returns the trust level', async () => {
    const redirect = await authorize({ state: 's1', login_as: 'carol', trust_level: '3' });
    expect(redirect.searchParams.get('state')).toBe('s1');
    const token = (await (await exchange({ code: redirect.searchParams.get('code')! })).json()) as Record<
      string,
      string
    >;
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const user = await fetch(`${sim.url}/linuxdo/api/user`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(await user.json()).toMatchObject({
      username: 'carol',
      name: 'Carol',
      trust_level: 3,
      avatar_url: expect.any(String),
    });
  });

  it('refuses client credentials outside HTTP Basic, and a mismatched redirect_uri', async () => {
    const code = (await authorize({})).searchParams.get('code')!;
    const noBasic = await exchange({ code, client_id: 'ld-client', client_secret: 'ld-secret' }, null);
    expect(noBasic.status).toBe(401);
    const mismatched = await exchange({ code, redirect_uri: 'http://evil.test/cb' });
    expect(mismatched.status).toBe(400);
  });

  it('verifies PKCE S256 and refuses other challenge methods', async () => {
    const verifier = 'v'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = (
      await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })
    ).searchParams.get('code')!;
    expect((await exchange({ code })).status).toBe(400);
    const again = (await authorize({ code_challenge: challenge })).searchParams.get('code')!;
    expect((await exchange({ code: again, code_verifier: verifier })).status).toBe(200);
    const plain = await authorize({ code_challenge: 'x', code_challenge_method: 'plain' });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });
});
