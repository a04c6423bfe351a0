import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSecret } from '@kirogate/contracts';
import {
  apiKeyUsage,
  settings,
  usageDaily,
  usageDailyByDimension,
  usageEvents,
  usageHourlyByDimension,
} from '@kirogate/db';
import { GrpcApiKeyVerifier } from '@kirogate/grpc';
import { describeWithServices } from '@kirogate/testing';
import { eq } from 'drizzle-orm';
import express from 'express';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CachedApiKeyVerifier } from '../../api-gateway/src/auth/cached-api-key-verifier.ts';
import { SiteGuard } from '../../api-gateway/src/site-guard/site-guard.ts';
import { siteGuardMiddleware } from '../../api-gateway/src/site-guard/site-guard-middleware.ts';
import { subscribeKeyRevocations } from '../../api-gateway/src/site-guard/subscribe-key-revocations.ts';
import { type Harness, kiroToken, startHarness } from './support/user-service-harness.ts';

/** Changes reach other replicas through Redis pub/sub; the bound only keeps a broken build from hanging. */
const eventually = { timeout: 10_000, interval: 50 };

describeWithServices('user-service (happy paths)', { postgres: true, redis: true }, () => {
  let h: Harness;
  let grpcVerifier: GrpcApiKeyVerifier;
  beforeAll(async () => {
    h = await startHarness();
    grpcVerifier = new GrpcApiKeyVerifier(h.grpcTarget, { deadlineMs: 10_000 });
  });
  afterAll(async () => {
    grpcVerifier?.close();
    await h?.close();
  });

  it('logs in through the fake GitHub provider, creates a key and verifies it in-process and over gRPC', async () => {
    const alice = await h.login('alice');
    const profile = (await alice.request('/user/api/profile')).json();
    expect(profile).toMatchObject({
      username: 'alice',
      providers: ['github'],
      api_key_count: 0,
      is_admin: false,
    });

    const created = await alice.request('/user/api/keys', { method: 'POST', json: { name: 'laptop' } });
    expect(created.status).toBe(201);
    const body = created.json();
    expect(body.key).toMatch(/^sk-[0-9a-f]{48}$/);
    expect(body.key_prefix).toBe(`${body.key.slice(0, 7)}...${body.key.slice(-4)}`);
    expect(body.uses_public_pool).toBe(true);

    const listed = (await alice.request('/user/api/keys')).json();
    expect(listed.keys).toEqual([
      expect.objectContaining({
        id: body.id,
        name: 'laptop',
        key_prefix: body.key_prefix,
        is_active: true,
        request_count: 0,
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(body.key);
    // The request count is the worker's (api_key_usage, read through keyUsageOf), not a column of api_keys.
    const lastUsedAt = new Date('2026-12-03T00:00:00Z');
    await h.db.db.insert(apiKeyUsage).values({ keyId: body.id, requestCount: 3, lastUsedAt });
    expect((await alice.request('/user/api/keys')).json().keys[0]).toMatchObject({
      request_count: 3,
      last_used: lastUsedAt.toISOString(),
    });

    const expected = { kind: 'user', userId: profile.id, keyId: body.id, status: 'active' };
    expect(await h.service.verifier.verify(hashSecret(body.key))).toMatchObject(expected);
    expect(await grpcVerifier.verify(hashSecret(body.key))).toMatchObject(expected);
    expect(await grpcVerifier.verify(hashSecret('sk-unknown'))).toBeNull();
  });

  it('disabling a key refuses it and tells every gateway cache', async () => {
    const bob = await h.login('bob');
    const { id, key } = (await bob.request('/user/api/keys', { method: 'POST', json: {} })).json();
    const dropped: (string | undefined)[] = [];
    const unsubscribe = await subscribeKeyRevocations(h.platform.pubsub, {
      invalidate: (hash) => dropped.push(hash),
    });
    const updated = await bob.request(`/user/api/keys/${id}`, { method: 'PUT', json: { is_active: false } });
    expect(updated.json().key.is_active).toBe(false);
    expect(await h.service.verifier.verify(hashSecret(key))).toBeNull();
    await vi.waitFor(() => expect(dropped).toContain(hashSecret(key)), eventually);
    await unsubscribe();

    expect((await bob.request(`/user/api/keys/${id}`, { method: 'DELETE' })).json()).toEqual({
      success: true,
    });
    expect((await bob.request('/user/api/keys')).json().keys).toEqual([]);
  });

  it('a ban refuses the key everywhere (VerifyApiKey says banned), drops gateway caches and ends sessions', async () => {
    const carol = await h.login('carol');
    const { key } = (await carol.request('/user/api/keys', { method: 'POST', json: {} })).json();
    const userId = (await carol.request('/user/api/profile')).json().id;

    const gatewayCache = new CachedApiKeyVerifier(h.service.verifier, {
      ttlMs: 60_000,
      negativeTtlMs: 1_000,
      maxEntries: 100,
    });
    expect((await gatewayCache.verify(hashSecret(key)))?.status).toBe('active');
    const dropped: (string | undefined)[] = [];
    const gatewayReplica = await h.replicaPlatform();
    const unsubscribe = await subscribeKeyRevocations(gatewayReplica.pubsub, {
      invalidate: (hash) => {
        dropped.push(hash);
        gatewayCache.invalidate(hash);
      },
    });

    const admin = await h.admin();
    expect(
      (await admin.request('/admin/api/users/ban', { method: 'POST', json: { user_id: userId } })).status,
    ).toBe(200);

    await vi.waitFor(() => expect(dropped).toContain(hashSecret(key)), eventually);
    expect((await gatewayCache.verify(hashSecret(key)))?.status).toBe('banned');
    expect((await h.service.verifier.verify(hashSecret(key)))?.status).toBe('banned');
    expect((await grpcVerifier.verify(hashSecret(key)))?.status).toBe('banned');
    expect((await carol.request('/user/api/profile')).status).toBe(401);
    // Banned users cannot log in again either.
    expect(await h.browser().oauthLogin('/oauth2/github/login', { login_as: 'carol' })).toBe(
      '/login?error=banned',
    );

    const users = (await admin.request('/admin/api/users?search=carol')).json();
    expect(users.users).toEqual([expect.objectContaining({ id: userId, is_banned: true, api_key_count: 1 })]);
    const details = (await admin.request(`/admin/api/users/${userId}`)).json();
    expect(details.user).toMatchObject({
      id: userId,
      username: 'carol',
      is_banned: true,
      providers: ['github'],
    });
    expect(details.keys).toEqual([
      expect.objectContaining({ key_prefix: `${key.slice(0, 7)}...${key.slice(-4)}` }),
    ]);
    expect(JSON.stringify(details)).not.toContain(key);
    const audit = (await admin.request('/admin/api/audit-log')).json();
    expect(audit.entries.map((entry: { action: string }) => entry.action)).toContain('user_ban');

    await admin.request('/admin/api/users/unban', { method: 'POST', json: { user_id: userId } });
    expect((await h.service.verifier.verify(hashSecret(key)))?.status).toBe('active');
    await unsubscribe();
  });

  it('donates a token through CredentialAdmin, lists it with its status, shares it publicly, deletes it', async () => {
    const dave = await h.login('dave');
    const donated = await dave.request('/user/api/tokens', {
      method: 'POST',
      json: { refresh_token: kiroToken('dave-token-1'), visibility: 'private' },
    });
    expect(donated.status).toBe(201);
    const token = donated.json().token;
    expect(token).toMatchObject({
      auth_type: 'social',
      visibility: 'private',
      status: 'active',
      success_rate: 100,
    });

    const listed = (await dave.request('/user/api/tokens')).json();
    expect(listed.tokens).toEqual([expect.objectContaining({ id: token.id, credits_used: 0 })]);
    expect(listed.pagination).toEqual({ page: 1, page_size: 50, total: 1 });

    const shared = await dave.request(`/user/api/tokens/${token.id}`, {
      method: 'PUT',
      json: { visibility: 'public' },
    });
    expect(shared.json().token.visibility).toBe('public');
    // Donated privately, so the donor never chose to be named: sharing it later keeps them anonymous.
    const pool = (await h.browser().request('/api/public-tokens')).json();
    expect(pool.tokens).toEqual([
      expect.objectContaining({ id: token.id, username: null, success_rate: 100 }),
    ]);
    const named = await dave.request('/user/api/tokens', {
      method: 'POST',
      json: { refresh_token: kiroToken('dave-token-public'), visibility: 'public' },
    });
    expect(named.status).toBe(201);
    const publicPool = (await h.browser().request('/api/public-tokens')).json();
    expect(publicPool.tokens).toContainEqual(
      expect.objectContaining({ id: named.json().token.id, username: 'dave' }),
    );
    await dave.request(`/user/api/tokens/${named.json().token.id}`, { method: 'DELETE' });

    const idc = await dave.request('/user/api/tokens', {
      method: 'POST',
      form: {
        refresh_token: kiroToken('dave-idc'),
        auth_type: 'idc',
        client_id: 'cid-1',
        client_secret: 'csecret-1',
      },
    });
    expect(idc.status).toBe(201);
    expect(idc.json().token.auth_type).toBe('idc');

    expect((await dave.request('/user/api/profile')).json()).toMatchObject({
      token_count: 2,
      public_token_count: 1,
    });
    expect((await dave.request(`/user/api/tokens/${token.id}`, { method: 'DELETE' })).json()).toEqual({
      success: true,
    });
    expect((await dave.request('/user/api/tokens')).json().tokens).toHaveLength(1);
  });

  it('imports tokens in bulk from text, JSON and a file', async () => {
    const erin = await h.login('erin');
    const text = await erin.request('/user/api/tokens/import', {
      method: 'POST',
      json: {
        tokens_text: `${kiroToken('erin-1')}, ${kiroToken('erin-2')};${kiroToken('erin-1')} not-a-kiro-token`,
      },
    });
    expect(text.json()).toMatchObject({
      total: 4,
      imported: 2,
      skipped: 1,
      invalid: 1,
      failed: 0,
      missing_required: 0,
    });

    const json = await erin.request('/user/api/tokens/import', {
      method: 'POST',
      json: {
        json_text: JSON.stringify({
          accounts: [
            { refreshToken: kiroToken('erin-3') },
            { clientId: 'only', refreshToken: kiroToken('x') },
          ],
        }),
      },
    });
    expect(json.json()).toMatchObject({ total: 2, imported: 1, missing_required: 1 });

    const form = new FormData();
    form.set('file', new Blob([`${kiroToken('erin-4')}\n${kiroToken('erin-5')}\n`]), 'tokens.txt');
    form.set('visibility', 'public');
    const file = await erin.request('/user/api/tokens/import', { method: 'POST', body: form });
    expect(file.json()).toMatchObject({ total: 2, imported: 2 });
    expect((await erin.request('/user/api/tokens?visibility=public')).json().pagination.total).toBe(2);
  });

  it('an admin-issued import key (ik-) imports tokens for its user and nothing else', async () => {
    const gina = await h.login('gina');
    const ginaId = (await gina.request('/user/api/profile')).json().id;
    const admin = await h.admin();
    const issued = await admin.request('/admin/api/import-keys', {
      method: 'POST',
      json: { user_id: ginaId, name: 'ci' },
    });
    expect(issued.status).toBe(201);
    const { key, id } = issued.json();
    expect(key).toMatch(/^ik-[0-9a-f]{48}$/);
    expect(await h.service.verifier.verify(hashSecret(key))).toBeNull();

    const imported = await fetch(`${h.url}/api/tokens/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tokens_text: kiroToken('gina-1') }),
    });
    expect(await imported.json()).toMatchObject({ imported: 1 });
    expect((await gina.request('/user/api/tokens')).json().pagination.total).toBe(1);
    const listed = (await admin.request(`/admin/api/import-keys?user_id=${ginaId}`)).json();
    expect(listed.keys).toEqual([expect.objectContaining({ id, name: 'ci', is_active: true })]);

    await admin.request('/admin/api/import-keys/delete', { method: 'POST', json: { key_id: id } });
    const refused = await fetch(`${h.url}/api/tokens/import`, {
      method: 'POST',
      headers: { 'x-import-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ tokens_text: kiroToken('gina-2') }),
    });
    expect(refused.status).toBe(401);
  });

  it('blacklisting an IP and switching the site off are enforced by the gateway SiteGuard', async () => {
    const gatewayReplica = await h.replicaPlatform();
    const guard = new SiteGuard({
      cache: gatewayReplica.cache,
      pubsub: gatewayReplica.pubsub,
      envProxyApiKey: 'env-proxy-key',
    });
    await guard.start();
    const gateway = express();
    gateway.set('trust proxy', 'loopback');
    gateway.use(siteGuardMiddleware(guard));
    gateway.get('/v1/models', (_req, res) => res.json({ object: 'list', data: [] }));
    gateway.get('/admin', (_req, res) => res.send('admin'));
    const server = createServer(gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const from = (ip: string, path = '/v1/models') =>
      fetch(`${base}${path}`, { headers: { 'x-forwarded-for': ip } });
    try {
      expect((await from('203.0.113.7')).status).toBe(200);
      const admin = await h.admin();
      await admin.request('/admin/api/ban-ip', {
        method: 'POST',
        json: { ip: '203.0.113.7', reason: 'abuse' },
      });
      await vi.waitFor(async () => expect((await from('203.0.113.7')).status).toBe(403), eventually);
      const refused = (await (await from('203.0.113.7')).json()) as { error: { message: string } };
      expect(refused.error.message).toBe('Access denied');
      expect((await from('198.51.100.2')).status).toBe(200);
      expect((await from('203.0.113.7', '/admin')).status).toBe(200);
      const blacklist = (await admin.request('/admin/api/blacklist')).json();
      expect(blacklist.ips).toEqual([expect.objectContaining({ ip: '203.0.113.7', reason: 'abuse' })]);

      await admin.request('/admin/api/unban-ip', { method: 'POST', json: { ip: '203.0.113.7' } });
      await vi.waitFor(async () => expect((await from('203.0.113.7')).status).toBe(200), eventually);

      await admin.request('/admin/api/toggle-site', { method: 'POST', json: { enabled: false } });
      await vi.waitFor(async () => expect((await from('198.51.100.2')).status).toBe(503), eventually);
      expect((await from('198.51.100.2', '/admin')).status).toBe(200);
      expect((await h.browser().request('/api/site-mode')).json()).toMatchObject({
        mode: 'maintenance',
        site_enabled: false,
      });
      await admin.request('/admin/api/toggle-site', { method: 'POST', json: { enabled: true } });
      await vi.waitFor(async () => expect((await from('198.51.100.2')).status).toBe(200), eventually);

      expect(guard.proxyKeyHash()).toBe(hashSecret('env-proxy-key'));
      const rotated = (await admin.request('/admin/api/proxy-key', { method: 'POST', json: {} })).json();
      expect(rotated.proxy_api_key).toMatch(/^kg-[0-9a-f]{48}$/);
      await vi.waitFor(async () => {
        await guard.view();
        expect(guard.proxyKeyHash()).toBe(hashSecret(rotated.proxy_api_key));
      }, eventually);
      const shown = (await admin.request('/admin/api/proxy-key')).json();
      expect(shown).toEqual({ configured: true, source: 'admin', key_prefix: rotated.key_prefix });
      // Stored and published as a hash only: the key itself was shown once, in the rotation's answer.
      const stored = await h.db.db.select().from(settings).where(eq(settings.key, 'proxy_api_key'));
      expect(JSON.stringify(stored)).not.toContain(rotated.proxy_api_key);
      expect(stored[0]?.value).toEqual({
        sha256: hashSecret(rotated.proxy_api_key),
        prefix: rotated.key_prefix,
      });
      const snapshot = await h.platform.cache.get<Record<string, unknown>>('site:state');
      expect(JSON.stringify(snapshot)).not.toContain(rotated.proxy_api_key);
    } finally {
      await guard.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('announcements: admin posts, users read and dismiss, guests see only guest ones', async () => {
    const admin = await h.admin();
    const posted = await admin.request('/admin/api/announcement', {
      method: 'POST',
      json: { content: 'Maintenance tonight', is_active: true, allow_guest: false },
    });
    const { id } = posted.json().announcement;
    const frank = await h.login('frank');
    expect((await frank.request('/user/api/announcement')).json().announcement).toMatchObject({
      id,
      content: 'Maintenance tonight',
      is_read: false,
      is_dismissed: false,
    });
    expect((await h.browser().request('/api/announcement')).json().announcement).toBeNull();
    await frank.request('/user/api/announcement/dismiss', {
      method: 'POST',
      form: { announcement_id: String(id) },
    });
    expect((await frank.request('/user/api/announcement')).json().announcement).toMatchObject({
      is_read: true,
      is_dismissed: true,
    });
  });

  it('admin overview, donated tokens and check-now', async () => {
    const admin = await h.admin();
    const stats = (await admin.request('/admin/api/stats')).json();
    expect(stats).toMatchObject({ total_requests: 0, site_enabled: true, self_use_enabled: false });
    expect(stats.users_count).toBeGreaterThan(0);
    expect(stats.pool.total).toBeGreaterThan(0);
    const tokens = (await admin.request('/admin/api/donated-tokens')).json();
    expect(tokens.tokens.length).toBeGreaterThan(0);
    const first = tokens.tokens[0];
    expect(first.owner_username).toEqual(expect.any(String));
    const check = await admin.request('/admin/api/donated-tokens/check', {
      method: 'POST',
      json: { token_id: first.id },
    });
    expect(check.json().result).toMatchObject({ status: 'active', available_credits: 1000 });
  });

  it('admin stats, IP stats and user usage come from the worker roll-ups and usage events', async () => {
    const hank = await h.login('hank');
    const hankId = (await hank.request('/user/api/profile')).json().id;
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const measures = {
      requests: 10,
      errors: 2,
      inputTokens: 100,
      outputTokens: 50,
      credits: 1.5,
      durationMsSum: 5_000,
      durationMsP50: 400,
      durationMsP95: 900,
      ttftMsSum: 1_000,
      ttftCount: 10,
      ttftMsP50: 80,
      ttftMsP95: 150,
    };
    const { db } = h.db;
    await db
      .insert(usageHourlyByDimension)
      .values({ bucket: hour, dimension: 'all', value: '', ...measures });
    await db.insert(usageDailyByDimension).values([
      { bucket: day, dimension: 'all', value: '', ...measures },
      { bucket: day, dimension: 'model', value: 'claude-sonnet-4.5', ...measures },
      { bucket: day, dimension: 'user', value: hankId, ...measures, requests: 4, errors: 0 },
    ]);
    await db
      .insert(usageDaily)
      .values({ bucket: day, model: 'claude-sonnet-4.5', api: 'openai', ...measures });
    const event = (n: number, ip: string, status: 'success' | 'error') => ({
      requestId: `req-${n}`,
      at: new Date(),
      caller: `user:${hankId}`,
      userId: hankId,
      model: 'claude-sonnet-4.5',
      api: 'openai' as const,
      stream: true,
      status,
      httpStatus: status === 'success' ? 200 : 502,
      inputTokens: 10,
      outputTokens: 5,
      credits: 0.1,
      durationMs: 500,
      ip,
    });
    await db
      .insert(usageEvents)
      .values([
        event(1, '198.51.100.7', 'success'),
        event(2, '198.51.100.7', 'error'),
        event(3, '198.51.100.8', 'success'),
      ]);

    const admin = await h.admin();
    const stats = (await admin.request('/admin/api/stats')).json();
    expect(stats).toMatchObject({
      total_requests: 10,
      failed_requests: 2,
      success_requests: 8,
      input_tokens: 100,
      credits: 1.5,
      avg_latency_ms: 500,
      requests_24h: 10,
      model_usage: { 'claude-sonnet-4.5': 10 },
      api_usage: { openai: 10 },
    });
    expect(stats.hourly).toEqual([
      expect.objectContaining({
        hour: hour.toISOString(),
        requests: 10,
        latency_p95_ms: 900,
        avg_ttft_ms: 100,
      }),
    ]);
    expect(stats.daily).toEqual([
      expect.objectContaining({ date: day.toISOString().slice(0, 10), errors: 2 }),
    ]);

    const ips = (await admin.request('/admin/api/ip-stats')).json();
    expect(ips.ips).toEqual([
      expect.objectContaining({ ip: '198.51.100.7', requests: 2, errors: 1, banned: false }),
      expect.objectContaining({ ip: '198.51.100.8', requests: 1, errors: 0 }),
    ]);
    expect(ips.pagination.total).toBe(2);
    expect((await admin.request('/admin/api/ip-stats?search=100.8')).json().ips).toHaveLength(1);

    const usage = (await hank.request('/user/api/usage?days=7')).json();
    expect(usage.days).toEqual([
      expect.objectContaining({ date: day.toISOString().slice(0, 10), requests: 4, errors: 0 }),
    ]);
  });
});
