import { hashSecret } from '@kirogate/contracts';
import { webSessions } from '@kirogate/db';
import { describeWithServices } from '@kirogate/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  adminPassword,
  githubClientSecret,
  type Harness,
  kiroToken,
  linuxdoClientSecret,
  sessionSecret,
  startHarness,
} from './support/user-service-harness.ts';

describeWithServices('user-service (security)', { postgres: true, redis: true }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses mutations without the CSRF token, with a wrong one, cross-site or without Origin/Referer', async () => {
    const alice = await h.login('alice');
    const token = alice.csrf!;
    const post = (headers: Record<string, string>) =>
      alice.request('/user/api/keys', { method: 'POST', json: { name: 'x' }, headers });

    alice.csrf = undefined;
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': 'A'.repeat(token.length) })).status).toBe(403);
    expect((await post({ 'x-csrf-token': token, origin: 'https://evil.example' })).status).toBe(403);
    const noOrigin = await fetch(`${h.url}/user/api/keys`, {
      method: 'POST',
      headers: {
        cookie: `user_session=${alice.cookie('user_session')}`,
        'x-csrf-token': token,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
    expect((await post({ 'x-csrf-token': token, origin: 'null', referer: `${h.url}/user` })).status).toBe(
      201,
    );
    expect((await alice.request('/user/api/keys')).json().keys).toHaveLength(1);
  });

  it('refuses forged, tampered, expired and logged-out sessions', async () => {
    const bob = await h.login('bob');
    const cookie = bob.cookie('user_session')!;
    const withCookie = (value: string) =>
      fetch(`${h.url}/user/api/profile`, { headers: { cookie: `user_session=${value}` } });
    expect((await withCookie(cookie)).status).toBe(200);
    expect((await withCookie('made-up-session-id.made-up-signature')).status).toBe(401);
    const [id, mac] = [cookie.slice(0, cookie.lastIndexOf('.')), cookie.slice(cookie.lastIndexOf('.') + 1)];
    expect((await withCookie(`${id.slice(0, -2)}xx.${mac}`)).status).toBe(401);
    expect((await withCookie(`${id}.${mac.slice(0, -2)}xx`)).status).toBe(401);
    // A user session is not an admin session, even with the cookie renamed.
    const asAdmin = await fetch(`${h.url}/admin/api/stats`, {
      headers: { cookie: `admin_session=${cookie}` },
    });
    expect(asAdmin.status).toBe(401);

    await h.db.db.update(webSessions).set({ expiresAt: sql`now() - interval '1 second'` });
    expect((await withCookie(cookie)).status).toBe(401);

    const again = await h.login('bob');
    const second = again.cookie('user_session')!;
    expect((await again.request('/oauth2/logout', { method: 'POST' })).json()).toEqual({ success: true });
    expect((await withCookie(second)).status).toBe(401);
  });

  it('"log out everywhere" ends every session of the user', async () => {
    const laptop = await h.login('jack');
    const phone = await h.login('jack');
    expect((await phone.request('/user/api/profile')).status).toBe(200);
    expect((await laptop.request('/user/api/sessions/revoke-all', { method: 'POST' })).json()).toEqual({
      success: true,
    });
    expect((await phone.request('/user/api/profile')).status).toBe(401);
    expect((await laptop.request('/user/api/profile')).status).toBe(401);
  });

  it("another user's keys and tokens can be neither read nor changed nor deleted", async () => {
    const carol = await h.login('carol');
    const dave = await h.login('dave');
    const key = (await carol.request('/user/api/keys', { method: 'POST', json: { name: 'mine' } })).json();
    const token = (
      await carol.request('/user/api/tokens', {
        method: 'POST',
        json: { refresh_token: kiroToken('carol-private') },
      })
    ).json().token;

    expect((await dave.request('/user/api/keys')).json().keys).toEqual([]);
    expect((await dave.request('/user/api/tokens')).json().tokens).toEqual([]);
    expect(
      (await dave.request(`/user/api/keys/${key.id}`, { method: 'PUT', json: { is_active: false } })).status,
    ).toBe(404);
    expect((await dave.request(`/user/api/keys/${key.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (await dave.request(`/user/api/tokens/${token.id}`, { method: 'PUT', json: { visibility: 'public' } }))
        .status,
    ).toBe(404);
    expect((await dave.request(`/user/api/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(404);

    expect((await carol.request('/user/api/keys')).json().keys).toEqual([
      expect.objectContaining({ id: key.id, is_active: true }),
    ]);
    expect((await carol.request('/user/api/tokens')).json().tokens).toEqual([
      expect.objectContaining({ id: token.id, visibility: 'private' }),
    ]);
    // Private tokens are not in the public pool.
    expect((await h.browser().request('/api/public-tokens')).json().tokens).toEqual([]);
  });

  it('admin APIs refuse without an admin session; wrong passwords are refused and rate-limited', async () => {
    const anonymous = h.browser();
    const user = await h.login('erin');
    for (const session of [anonymous, user]) {
      for (const path of [
        '/admin/api/stats',
        '/admin/api/users',
        '/admin/api/donated-tokens',
        '/admin/api/proxy-key',
        '/admin/api/session',
      ]) {
        expect((await session.request(path)).status, path).toBe(401);
      }
      for (const path of [
        '/admin/api/users/ban',
        '/admin/api/ban-ip',
        '/admin/api/toggle-site',
        '/admin/api/proxy-key',
        '/admin/api/clear-cache',
      ]) {
        expect((await session.request(path, { method: 'POST', json: {} })).status, path).toBe(401);
      }
    }
    const attacker = h.browser();
    const attempts = [];
    for (let n = 0; n < 6; n += 1) {
      attempts.push(
        (await attacker.request('/admin/login', { method: 'POST', json: { password: `guess-${n}` } })).status,
      );
    }
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
    // The limit is per client address: the right password from the same address waits too.
    expect(
      (await attacker.request('/admin/login', { method: 'POST', json: { password: adminPassword } })).status,
    ).toBe(429);
    const crossSite = await fetch(`${h.url}/admin/login`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ password: adminPassword }),
    });
    expect(crossSite.status).toBe(403);
  });

  it('OAuth: a state that does not match the browser, a replayed callback and low LinuxDo trust levels are refused', async () => {
    const victim = h.browser();
    const attacker = h.browser();
    // The attacker starts a login and stops at the provider's redirect back to us.
    const start = await attacker.request('/oauth2/github/login');
    const authorize = await fetch(`${start.location!}&login_as=mallory`, { redirect: 'manual' });
    const callback = authorize.headers.get('location')!;
    // The victim is lured to the attacker's callback: no state cookie in their browser.
    expect((await victim.request(callback)).location).toBe('/login?error=state');
    // The attacker's own browser may use it once (the code and the state are single-use).
    expect((await attacker.request(callback)).location).toBe('/user');
    expect((await attacker.request(callback)).location).toBe('/login?error=state');

    const low = h.browser();
    expect(await low.oauthLogin('/oauth2/login', { login_as: 'newbie', trust_level: '1' })).toBe(
      '/login?error=trust_level',
    );
    const trusted = h.browser();
    expect(await trusted.oauthLogin('/oauth2/login', { login_as: 'veteran', trust_level: '3' })).toBe(
      '/user',
    );
    expect((await trusted.request('/user/api/profile')).json()).toMatchObject({
      username: 'veteran',
      trust_level: 3,
      providers: ['linuxdo'],
    });
  });

  it('behind a trusted https proxy cookies are Secure, HttpOnly and __Host- prefixed', async () => {
    const origin = new URL(h.url);
    const response = await fetch(`${h.url}/admin/login`, {
      method: 'POST',
      headers: {
        'x-forwarded-proto': 'https',
        // A fresh address for the login limiter (the test above used up 127.0.0.1's attempts).
        'x-forwarded-for': '192.0.2.50',
        origin: `https://${origin.host}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ password: adminPassword }),
    });
    expect(response.status).toBe(200);
    const [cookie = ''] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-admin_session=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('no response ever carried a secret; a new key appears exactly once', async () => {
    const frank = await h.login('frank');
    const created = (await frank.request('/user/api/keys', { method: 'POST', json: {} })).json();
    await frank.request('/user/api/tokens', {
      method: 'POST',
      json: {
        refresh_token: kiroToken('frank-idc'),
        auth_type: 'idc',
        client_id: 'frank-client-id',
        client_secret: 'frank-client-secret',
      },
    });
    await frank.request('/user/api/tokens', {
      method: 'POST',
      json: {
        refresh_token: kiroToken('frank-idc'),
        auth_type: 'idc',
        client_id: 'frank-client-id',
        client_secret: 'frank-client-secret',
      },
    });
    await frank.request('/user/api/keys');
    await frank.request('/user/api/tokens');
    await frank.request('/user/api/profile');

    const all = h.bodies.join('\n');
    for (const secret of [
      adminPassword,
      sessionSecret,
      githubClientSecret,
      linuxdoClientSecret,
      kiroToken('carol-private'),
      kiroToken('frank-idc'),
      'frank-client-secret',
      hashSecret(created.key),
    ]) {
      expect(all.includes(secret), `a response contained ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(all.split(created.key).length - 1).toBe(1);
  });
});

describeWithServices('user-service behind no trusted proxy', { postgres: true, redis: true }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUSTED_PROXIES: '192.0.2.1', PUBLIC_URL: ['https://kiro.example.com'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-For from an untrusted peer', async () => {
    const spoofed = {
      'x-forwarded-proto': 'https',
      'content-type': 'application/json',
    };
    // https per the spoofed header would be a different origin: the request is plain http.
    const login = await fetch(`${h.url}/admin/login`, {
      method: 'POST',
      headers: { ...spoofed, origin: h.url, 'x-forwarded-for': '198.51.100.1' },
      body: JSON.stringify({ password: adminPassword }),
    });
    expect(login.status).toBe(200);
    const [cookie = ''] = login.headers.getSetCookie();
    expect(cookie).toMatch(/^admin_session=/);
    expect(cookie).not.toMatch(/; Secure/i);
    // PUBLIC_URL names the site's public origin, which a proxy in front may hide from the Host header.
    const fromPublicOrigin = await fetch(`${h.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://kiro.example.com' },
      body: JSON.stringify({ password: adminPassword }),
    });
    expect(fromPublicOrigin.status).toBe(200);
    // A rotating X-Forwarded-For does not buy fresh login attempts.
    const statuses = [];
    for (let n = 0; n < 5; n += 1) {
      const attempt = await fetch(`${h.url}/admin/login`, {
        method: 'POST',
        headers: { ...spoofed, origin: h.url, 'x-forwarded-for': `198.51.100.${10 + n}` },
        body: JSON.stringify({ password: 'wrong' }),
      });
      statuses.push(attempt.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describeWithServices('user-service OAuth login starts per IP', { postgres: true, redis: true }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ OAUTH_LOGINS_PER_MINUTE: 3 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('are limited per client IP with 429 and retry-after; other addresses still log in', async () => {
    const start = (ip: string) =>
      fetch(`${h.url}/oauth2/github/login`, { redirect: 'manual', headers: { 'x-forwarded-for': ip } });
    const statuses = [];
    for (let n = 0; n < 5; n += 1) statuses.push((await start('198.51.100.20')).status);
    expect(statuses).toEqual([302, 302, 302, 429, 429]);
    const refused = await start('198.51.100.20');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/Too many logins/);
    expect((await start('198.51.100.21')).status).toBe(302);
    expect((await h.browser().request('/oauth2/login')).status).toBe(302);
  });
});
