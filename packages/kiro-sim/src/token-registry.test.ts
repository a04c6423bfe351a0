import { describe, expect, it } from 'vitest';
import { TokenRegistry, type TokenRegistryOptions } from './token-registry.ts';

const registry = (overrides: Partial<TokenRegistryOptions> = {}) => {
  const clock = { now: 1_000_000 };
  const tokens = new TokenRegistry({
    strictTokens: undefined,
    accessTokenTtlSeconds: 60,
    rotation: 'rotate',
    now: () => clock.now,
    ...overrides,
  });
  return { tokens, clock };
};
const client = { clientId: 'cid', clientSecret: 'secret' };

describe('TokenRegistry', () => {
  it('accepts any aor token by default and rejects others', () => {
    const { tokens } = registry();
    expect(tokens.refresh('aorAnything', 'social').ok).toBe(true);
    expect(tokens.refresh('xyz', 'social')).toEqual({ ok: false, failure: 'invalid-grant' });
  });

  it('rotates, keeping the old refresh token valid by default', () => {
    const { tokens } = registry();
    const first = tokens.refresh('aorOld', 'social');
    if (!first.ok) throw new Error('refresh failed');
    expect(first.refreshToken).toMatch(/^aor/);
    expect(first.refreshToken).not.toBe('aorOld');
    expect(tokens.refresh('aorOld', 'social').ok).toBe(true);
    expect(tokens.refresh(first.refreshToken!, 'social').ok).toBe(true);
  });

  it('revokes the presented token under revoke-rotated', () => {
    const { tokens } = registry({ rotation: 'revoke-rotated' });
    const first = tokens.refresh('aorOld', 'social');
    expect(tokens.refresh('aorOld', 'social')).toEqual({ ok: false, failure: 'invalid-grant' });
    expect(first.ok && tokens.refresh(first.refreshToken!, 'social').ok).toBe(true);
  });

  it('omits the refresh token when rotation is off', () => {
    const { tokens } = registry({ rotation: 'off' });
    const outcome = tokens.refresh('aorSame', 'social');
    expect(outcome.ok && outcome.refreshToken).toBeUndefined();
    expect(tokens.refresh('aorSame', 'social').ok).toBe(true);
  });

  it('expires access tokens after their TTL', () => {
    const { tokens, clock } = registry();
    const outcome = tokens.refresh('aorT', 'social');
    if (!outcome.ok) throw new Error('refresh failed');
    clock.now += 59_999;
    expect(tokens.authenticate(outcome.accessToken)?.refreshToken).toBe('aorT');
    clock.now += 1;
    expect(tokens.authenticate(outcome.accessToken)).toBeUndefined();
  });

  it('binds an IdC token to the client that first used it and refuses it on the social endpoint', () => {
    const { tokens } = registry();
    expect(tokens.refresh('aorIdc', 'idc', client).ok).toBe(true);
    expect(tokens.refresh('aorIdc', 'idc', { ...client, clientSecret: 'other' })).toEqual({
      ok: false,
      failure: 'invalid-client',
    });
    expect(tokens.refresh('aorIdc', 'social')).toEqual({ ok: false, failure: 'invalid-grant' });
  });

  it('accepts only listed tokens in strict mode, with their registered clients', () => {
    const { tokens } = registry({
      strictTokens: [{ refreshToken: 'aorSocial' }, { refreshToken: 'aorIdc', ...client }],
    });
    expect(tokens.refresh('aorOther', 'social').ok).toBe(false);
    expect(tokens.refresh('aorSocial', 'social').ok).toBe(true);
    expect(tokens.refresh('aorIdc', 'idc', { clientId: 'cid', clientSecret: 'nope' })).toEqual({
      ok: false,
      failure: 'invalid-client',
    });
    expect(tokens.refresh('aorIdc', 'idc', client).ok).toBe(true);
  });

  it('keeps account states across rotation but revocation on the one token', () => {
    const { tokens } = registry();
    const first = tokens.refresh('aorRoot', 'social');
    if (!first.ok) throw new Error('refresh failed');
    tokens.setState('aorRoot', 'suspended');
    expect(tokens.account(first.refreshToken!)?.state).toBe('suspended');
    tokens.setState('aorRoot', 'revoked');
    expect(tokens.refresh('aorRoot', 'social').ok).toBe(false);
    expect(tokens.refresh(first.refreshToken!, 'social').ok).toBe(true);
    tokens.setState('aorRoot', 'active');
    expect(tokens.refresh('aorRoot', 'social').ok).toBe(true);
    expect(tokens.account('aorRoot')?.state).toBe('active');
  });

  it('expires the access tokens of one account only', () => {
    const { tokens } = registry();
    const a = tokens.refresh('aorA', 'social');
    const b = tokens.refresh('aorB', 'social');
    if (!a.ok || !b.ok) throw new Error('refresh failed');
    expect(tokens.expireAccessTokens(a.refreshToken)).toBe(1);
    expect(tokens.authenticate(a.accessToken)).toBeUndefined();
    expect(tokens.authenticate(b.accessToken)).toBeDefined();
  });
});
