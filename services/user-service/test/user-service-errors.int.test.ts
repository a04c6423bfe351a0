import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, kiroToken, startHarness } from './support/user-service-harness.ts';

describeWithServices('user-service (errors)', { postgres: true, redis: true }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers invalid input with the error envelope and the right status', async () => {
    const alice = await h.login('alice');
    const donate = (json: Record<string, unknown>) =>
      alice.request('/user/api/tokens', { method: 'POST', json });

    const badVisibility = await donate({ refresh_token: kiroToken('a1'), visibility: 'everyone' });
    expect(badVisibility.status).toBe(400);
    expect(badVisibility.json()).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'visibility must be one of public, private' },
    });
    expect(
      (await donate({ refresh_token: kiroToken('a2'), auth_type: 'idc', client_id: 'cid' })).status,
    ).toBe(400);
    expect((await donate({})).json().error.code).toBe('INVALID_REQUEST');
    const refused = await donate({ refresh_token: 'not-a-kiro-token' });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain('not-a-kiro-token');
    expect((await donate({ refresh_token: kiroToken('a3') })).status).toBe(201);
    const duplicate = await donate({ refresh_token: kiroToken('a3') });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json().error.code).toBe('CONFLICT');

    const malformed = await alice.request('/user/api/keys', {
      method: 'POST',
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.code).toBe('INVALID_JSON');
    expect((await alice.request('/user/api/keys?page_size=500')).status).toBe(400);
    expect((await alice.request('/user/api/keys/not-a-uuid', { method: 'DELETE' })).status).toBe(404);
    expect(
      (await alice.request('/user/api/keys/00000000-0000-4000-8000-000000000000', { method: 'DELETE' }))
        .status,
    ).toBe(404);
    expect((await alice.request('/user/api/nothing-here')).json().error.code).toBe('NOT_FOUND');
    expect(
      (
        await alice.request('/user/api/announcement/read', {
          method: 'POST',
          json: { announcement_id: 999999 },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses oversize imports', async () => {
    const bob = await h.login('bob');
    const tooLong = await bob.request('/user/api/tokens/import', {
      method: 'POST',
      json: { tokens_text: `aor-${'x'.repeat(210 * 1024)}` },
    });
    expect(tooLong.status).toBe(413);
    const tooMany = await bob.request('/user/api/tokens/import', {
      method: 'POST',
      json: { tokens_text: Array.from({ length: 501 }, (_, n) => kiroToken(`many-${n}`)).join(' ') },
    });
    expect(tooMany.status).toBe(413);
    const nothing = await bob.request('/user/api/tokens/import', { method: 'POST', json: {} });
    expect(nothing.status).toBe(400);
    const badJson = await bob.request('/user/api/tokens/import', {
      method: 'POST',
      json: { json_text: '{' },
    });
    expect(badJson.json().error).toEqual({ code: 'INVALID_REQUEST', message: 'json_text is not valid JSON' });
  });

  it('limits imports per user and marks API responses no-store with a request id', async () => {
    const ivy = await h.login('ivy');
    const statuses = [];
    for (let n = 0; n < 11; n += 1) {
      statuses.push((await ivy.request('/user/api/tokens/import', { method: 'POST', json: {} })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
    const profile = await ivy.request('/user/api/profile', { headers: { 'x-request-id': 'trace-123' } });
    expect(profile.headers.get('cache-control')).toBe('no-store');
    expect(profile.headers.get('x-request-id')).toBe('trace-123');
    const odd = await ivy.request('/user/api/profile', { headers: { 'x-request-id': 'not a sane id' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('self-use mode closes registrations, public donations, the public pool and keys without an own token', async () => {
    const carol = await h.login('carol');
    const admin = await h.admin();
    await admin.request('/admin/api/toggle-self-use', { method: 'POST', json: { enabled: true } });
    try {
      expect(await h.browser().oauthLogin('/oauth2/github/login', { login_as: 'newcomer' })).toBe(
        '/login?error=registration_closed',
      );
      expect(
        (
          await carol.request('/user/api/tokens', {
            method: 'POST',
            json: { refresh_token: kiroToken('c1'), visibility: 'public' },
          })
        ).status,
      ).toBe(403);
      expect((await h.browser().request('/api/public-tokens')).status).toBe(403);
      expect((await carol.request('/user/api/keys', { method: 'POST', json: {} })).status).toBe(403);
      await carol.request('/user/api/tokens', { method: 'POST', json: { refresh_token: kiroToken('c2') } });
      const key = await carol.request('/user/api/keys', { method: 'POST', json: {} });
      expect(key.status).toBe(201);
      expect(key.json().uses_public_pool).toBe(false);
      expect((await h.browser().request('/api/site-mode')).json().mode).toBe('self_use');
    } finally {
      await admin.request('/admin/api/toggle-self-use', { method: 'POST', json: { enabled: false } });
    }
  });

  it('admin: bad IPs, unknown users and tokens, short proxy keys', async () => {
    const admin = await h.admin();
    expect(
      (await admin.request('/admin/api/ban-ip', { method: 'POST', json: { ip: 'not-an-ip' } })).status,
    ).toBe(400);
    expect(
      (await admin.request('/admin/api/unban-ip', { method: 'POST', json: { ip: '192.0.2.99' } })).status,
    ).toBe(404);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await admin.request('/admin/api/users/ban', { method: 'POST', json: { user_id: unknown } })).status,
    ).toBe(404);
    expect(
      (
        await admin.request('/admin/api/donated-tokens/delete', {
          method: 'POST',
          json: { token_id: unknown },
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin.request('/admin/api/proxy-key', { method: 'POST', json: { proxy_api_key: 'short' } }))
        .status,
    ).toBe(400);
    expect(
      (await admin.request('/admin/api/toggle-site', { method: 'POST', json: { enabled: 'maybe' } })).status,
    ).toBe(400);
  });
});

describeWithServices('user-service without ADMIN_PASSWORD', { postgres: true, redis: true }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ADMIN_PASSWORD: undefined });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('the admin panel does not exist', () => {
    it('login and every admin API answer 404', async () => {
      const browser = h.browser();
      expect((await browser.request('/admin/login', { method: 'POST', json: { password: '' } })).status).toBe(
        404,
      );
      expect((await browser.request('/admin/api/stats')).status).toBe(404);
      expect((await browser.request('/admin/api/users/ban', { method: 'POST', json: {} })).status).toBe(404);
    });
  });
});
