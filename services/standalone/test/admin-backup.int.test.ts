import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kirogate/config';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import {
  describeWithServices,
  getTestPostgres,
  startOnFreePorts,
  type TestPostgres,
} from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserSession } from '../../user-service/test/support/browser-session.ts';
import { standaloneConfigSchema } from '../src/config.ts';
import { type Standalone, startStandalone } from '../src/start-standalone.ts';

const adminPassword = 'backup-admin-password-42';
const proxyKey = 'backup-test-proxy-key-7f3a9c';
const encryptKey = randomBytes(32).toString('hex');
const kiroToken = (label: string) => `aor${label}-`.padEnd(120, 'x');

describeWithServices('admin backup: export, restore into a fresh database', { postgres: true }, () => {
  let sim: KiroSim;
  let dir: string;
  const databases: TestPostgres[] = [];
  const running = new Set<Standalone>();

  beforeAll(async () => {
    sim = await startKiroSim({ port: 0, rotation: 'off' });
    dir = mkdtempSync(join(tmpdir(), 'kg-backup-'));
  });
  afterAll(async () => {
    for (const instance of running) await instance.stop();
    await sim?.close();
    for (const database of databases) await database.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A standalone KiroGate on its own database (a new one unless `databaseUrl` is given). */
  async function start(
    name: string,
    databaseUrl?: string,
    extra: Record<string, string> = {},
  ): Promise<{ gateway: Standalone; databaseUrl: string }> {
    let url = databaseUrl;
    if (url === undefined) {
      const database = (await getTestPostgres())!;
      databases.push(database);
      url = database.url;
    }
    const config = loadConfig(standaloneConfigSchema, {
      DATABASE_URL: url,
      DATA_DIR: join(dir, name),
      TOKEN_ENCRYPT_KEY: encryptKey,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      GITHUB_CLIENT_ID: 'gh-client',
      GITHUB_CLIENT_SECRET: 'gh-secret-for-backup-test',
      GITHUB_OAUTH_URL: `${sim.url}/github`,
      GITHUB_API_URL: `${sim.url}/github/api`,
      ADMIN_PASSWORD: adminPassword,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...extra,
    });
    let gateway: Standalone | undefined;
    await startOnFreePorts(1, async ([port]) => {
      gateway = await startStandalone(
        {
          ...config,
          PORT: port!,
          METRICS_PORT: 0,
          GITHUB_REDIRECT_URI: `http://127.0.0.1:${port}/oauth2/github/callback`,
        },
        'test',
      );
    });
    running.add(gateway!);
    return { gateway: gateway!, databaseUrl: url };
  }

  async function stop(gateway: Standalone): Promise<void> {
    running.delete(gateway);
    await gateway.stop();
  }

  async function admin(gateway: Standalone): Promise<BrowserSession> {
    const session = new BrowserSession(gateway.url, []);
    const login = await session.request('/admin/login', {
      method: 'POST',
      json: { password: adminPassword },
    });
    expect(login.status, login.text).toBe(200);
    session.csrf = login.json().csrf_token;
    return session;
  }

  async function chat(gateway: Standalone, key: string): Promise<number> {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        max_tokens: 32,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    await response.text();
    return response.status;
  }

  it('restores users, identities, keys, sealed tokens, announcements, bans, settings and limits; the token still serves', async () => {
    const { gateway: source } = await start('source');
    const alice = new BrowserSession(source.url, []);
    expect(await alice.oauthLogin('/oauth2/github/login', { login_as: 'alice' })).toBe('/user');
    const profile = await alice.request('/user/api/profile');
    alice.csrf = profile.json().csrf_token;
    const aliceToken = kiroToken('backup-alice');
    const donated = await alice.request('/user/api/tokens', {
      method: 'POST',
      json: { refresh_token: aliceToken, visibility: 'private' },
    });
    expect(donated.status, donated.text).toBe(201);
    const created = await alice.request('/user/api/keys', { method: 'POST', json: { name: 'laptop' } });
    const aliceKey: string = created.json().key;
    expect(await chat(source, aliceKey)).toBe(200);

    const sourceAdmin = await admin(source);
    const userId: string = profile.json().id;
    for (const [path, body] of [
      ['/admin/api/announcement', { content: 'Maintenance on <b>Sunday</b>', allow_guest: true }],
      ['/admin/api/ban-ip', { ip: '203.0.113.9', reason: 'abuse' }],
      ['/admin/api/toggle-site', { enabled: true }],
    ] as const) {
      const response = await sourceAdmin.request(path, { method: 'POST', json: body });
      expect(response.status, `${path}: ${response.text}`).toBe(200);
    }
    const limited = await sourceAdmin.request(`/admin/api/users/${userId}/limits`, {
      method: 'PUT',
      json: { requests_per_minute: 17, daily_credits: 2.5 },
    });
    expect(limited.status, limited.text).toBe(200);
    await alice.request('/user/api/announcement/read', { method: 'POST', json: { announcement_id: 1 } });

    const exported = await sourceAdmin.request('/admin/api/backup');
    expect(exported.status, exported.text).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(
      /^attachment; filename="kirogate-backup-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const backup = exported.json();
    // Only hashes and sealed envelopes leave: no key and no refresh token in plaintext.
    expect(exported.text).not.toContain(aliceKey);
    expect(exported.text).not.toContain(aliceToken);
    expect(backup.users).toHaveLength(1);
    expect(backup.users[0].limitOverrides).toEqual({ requestsPerMinute: 17, dailyCredits: 2.5 });
    expect(backup.credentials).toHaveLength(1);
    expect(backup.credentials[0].refreshTokenEnc).toMatch(/^kg1\./);
    expect(backup.announcementStatus).toHaveLength(1);
    expect(backup.ipBlacklist).toEqual([expect.objectContaining({ ip: '203.0.113.9', reason: 'abuse' })]);
    expect(backup.settings.map((row: { key: string }) => row.key)).toContain('site_enabled');
    await stop(source);

    const first = await start('restored', undefined, { PROXY_API_KEY: proxyKey });
    const restoredAdmin = await admin(first.gateway);
    // A lease before the restore: the broker now holds its (empty) pool, which it would otherwise keep
    // for up to 30 s.
    expect(await chat(first.gateway, proxyKey)).not.toBe(200);
    expect(
      (
        await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: { ...backup, version: 2 } })
      ).json(),
    ).toEqual({
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('Invalid backup: version:') },
    });
    const broken = structuredClone(backup);
    broken.apiKeys[0].keyHash = 'ABC';
    const refused = await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: broken });
    expect(refused.status).toBe(400);
    expect(refused.json().error.message).toBe(
      'Invalid backup: apiKeys.0.keyHash: expected a lowercase SHA-256 hex digest',
    );
    const orphan = structuredClone(backup);
    orphan.users = [];
    expect(
      (await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: orphan })).json().error
        .message,
    ).toBe('Invalid backup: oauthAccounts.0.userId: no such user in the backup');
    expect((await new BrowserSession(first.gateway.url, []).request('/admin/api/backup')).status).toBe(401);

    // A credential that does not open with this server's key (here: bound to another row id) refuses
    // the whole file before anything is written; the restore below still adds every user.
    const foreign = structuredClone(backup);
    foreign.credentials[0].id = '00000000-0000-4000-8000-0000000000cc';
    const notOpened = await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: foreign });
    expect(notOpened.status).toBe(400);
    expect(notOpened.json().error.message).toContain('credentials.0');

    const restored = await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: backup });
    expect(restored.status, restored.text).toBe(200);
    const tables = restored.json().tables;
    expect(tables.users).toEqual({ total: 1, added: 1, present: 0 });
    expect(tables.credentials).toEqual({ total: 1, added: 1, present: 0 });
    expect(tables.apiKeys).toEqual({ total: 1, added: 1, present: 0 });
    const again = await restoredAdmin.request('/admin/api/backup', { method: 'POST', json: backup });
    expect(
      Object.values(again.json().tables).every((counts) => (counts as { added: number }).added === 0),
    ).toBe(true);

    const reexported = (await restoredAdmin.request('/admin/api/backup')).json();
    const withoutTime = ({ exportedAt: _, ...rest }: Record<string, unknown>) => rest;
    expect(withoutTime(reexported)).toEqual(withoutTime(backup));

    // No restart: the broker reloaded its pool when the credential was restored, so alice's key and her
    // sealed token serve a chat at once.
    const chatsBefore = sim.stats().chatsByRefreshToken[aliceToken] ?? 0;
    expect(await chat(first.gateway, aliceKey)).toBe(200);
    expect(sim.stats().chatsByRefreshToken[aliceToken]).toBe(chatsBefore + 1);
    // The restored blacklist reached the gateway's site guard.
    const banned = await fetch(`${first.gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${aliceKey}`, 'x-forwarded-for': '203.0.113.9' },
    });
    await banned.text();
    expect(banned.status).toBe(403);
  });
});
