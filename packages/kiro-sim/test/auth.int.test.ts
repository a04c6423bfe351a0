import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KiroSim, startKiroSim } from '../src/index.ts';
import { postJson } from './sim-client.ts';

let sim: KiroSim;
const others: KiroSim[] = [];
const start = async (options: Parameters<typeof startKiroSim>[0]) => {
  const started = await startKiroSim(options);
  others.push(started);
  return started;
};
const social = (target: KiroSim, refreshToken: string) =>
  postJson(`${target.url}/refreshToken`, { refreshToken });
const idc = (target: KiroSim, refreshToken: string, clientId = 'client-1', clientSecret = 'secret-1') =>
  postJson(`${target.url}/token`, { clientId, clientSecret, grantType: 'refresh_token', refreshToken });
const invalidGrantIdc = { error: 'invalid_grant', error_description: 'Invalid refresh token provided' };

beforeAll(async () => {
  sim = await startKiroSim({ accessTokenTtlSeconds: 900 });
});
afterAll(() => sim.close());
afterEach(async () => {
  sim.reset();
  await Promise.all(others.splice(0).map((other) => other.close()));
});

describe('social refresh (POST /refreshToken)', () => {
  it('issues an access token, a rotated refresh token, expiresIn and a stable profileArn', async () => {
    const response = await social(sim, 'aorSocialOne');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^aoa/),
      refreshToken: expect.stringMatching(/^aor.{100,}/),
      expiresIn: 900,
      profileArn: expect.stringMatching(/^arn:aws:codewhisperer:us-east-1:\d{12}:profile\/[A-Z0-9]+$/),
    });
    const again = (await (await social(sim, body.refreshToken!)).json()) as Record<string, string>;
    expect(again.profileArn).toBe(body.profileArn);
    expect(again.accessToken).not.toBe(body.accessToken);
  });

  it('answers 400 "Invalid refresh token provided" for unknown and revoked tokens', async () => {
    const unknown = await social(sim, 'not-a-kiro-token');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ message: 'Invalid refresh token provided' });
    sim.setTokenState('aorToRevoke', 'revoked');
    expect((await social(sim, 'aorToRevoke')).status).toBe(400);
  });

  it('keeps rotated tokens valid by default and revokes them under revoke-rotated', async () => {
    await social(sim, 'aorKeep');
    expect((await social(sim, 'aorKeep')).status).toBe(200);
    const strictRotation = await start({ rotation: 'revoke-rotated' });
    const first = (await (await social(strictRotation, 'aorOnce')).json()) as { refreshToken: string };
    expect((await social(strictRotation, 'aorOnce')).status).toBe(400);
    expect((await social(strictRotation, first.refreshToken)).status).toBe(200);
  });

  it('omits refreshToken when rotation is off', async () => {
    const fixed = await start({ rotation: 'off' });
    const body = (await (await social(fixed, 'aorFixed')).json()) as Record<string, unknown>;
    expect(body.refreshToken).toBeUndefined();
    expect((await social(fixed, 'aorFixed')).status).toBe(200);
  });

  it('counts refreshes per refresh token presented', async () => {
    await social(sim, 'aorCounted');
    await social(sim, 'aorCounted');
    await social(sim, 'bogus');
    expect(sim.stats().refreshesByToken).toEqual({ aorCounted: 2, bogus: 1 });
    expect(sim.stats().requests['POST /refreshToken']).toBe(3);
  });

  it('honours refresh faults queued for the refresh endpoints', async () => {
    sim.queueFaults('throttled:2', 1, 'refresh');
    sim.queueFaults('service-unavailable', 1, 'refresh');
    const throttled = await social(sim, 'aorRetry');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await idc(sim, 'aorRetry')).status).toBe(503);
    expect((await social(sim, 'aorRetry')).status).toBe(200);
    expect(() => sim.queueFaults('stall', 1, 'refresh')).toThrow(/does not apply to refresh/);
  });
});

describe('IdC refresh (POST /token)', () => {
  it('issues camelCase tokens without a profileArn', async () => {
    const response = await idc(sim, 'aorIdcOne');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      accessToken: expect.stringMatching(/^aoa/),
      refreshToken: expect.stringMatching(/^aor/),
      expiresIn: 900,
      tokenType: 'Bearer',
    });
  });

  it('requires the client registered with the token', async () => {
    await idc(sim, 'aorIdcBound');
    const wrong = await idc(sim, 'aorIdcBound', 'client-1', 'other-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects a wrong grant type, missing fields and revoked tokens with OIDC errors', async () => {
    const grant = await postJson(`${sim.url}/token`, {
      clientId: 'c',
      clientSecret: 's',
      grantType: 'authorization_code',
      refreshToken: 'aorX',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await postJson(`${sim.url}/token`, { refreshToken: 'aorX', grantType: 'refresh_token' });
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    sim.setTokenState('aorIdcRevoked', 'revoked');
    const revoked = await idc(sim, 'aorIdcRevoked');
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toEqual(invalidGrantIdc);
  });
});

describe('strict tokens', () => {
  it('accepts only the listed tokens, IdC ones with their client', async () => {
    const strict = await start({
      strictTokens: [
        { refreshToken: 'aorListed' },
        { refreshToken: 'aorListedIdc', clientId: 'cid', clientSecret: 'cs' },
      ],
    });
    expect((await social(strict, 'aorListed')).status).toBe(200);
    expect((await social(strict, 'aorNotListed')).status).toBe(400);
    expect((await idc(strict, 'aorListedIdc', 'cid', 'cs')).status).toBe(200);
    expect((await idc(strict, 'aorListedIdc', 'cid', 'wrong')).status).toBe(401);
    expect((await social(strict, 'aorListedIdc')).status).toBe(400);
  });
});
