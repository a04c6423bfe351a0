import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kirogate/config';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { startOnFreePorts } from '@kirogate/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserSession } from '../../user-service/test/support/browser-session.ts';
import { standaloneConfigSchema } from '../src/config.ts';
import { type Standalone, startStandalone } from '../src/start-standalone.ts';

const adminPassword = 'self-use-admin-password-42';
const kiroToken = (label: string) => `aor${label}-`.padEnd(120, 'x');

describe('self-use mode, through the gateway', () => {
  let sim: KiroSim;
  let gateway: Standalone;
  let dataDir: string;

  beforeAll(async () => {
    sim = await startKiroSim({ port: 0, rotation: 'off' });
    dataDir = mkdtempSync(join(tmpdir(), 'kg-self-use-'));
    const config = loadConfig(standaloneConfigSchema, {
      DATA_DIR: dataDir,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      GITHUB_CLIENT_ID: 'gh-client',
      GITHUB_CLIENT_SECRET: 'gh-secret-for-self-use-test',
      GITHUB_OAUTH_URL: `${sim.url}/github`,
      GITHUB_API_URL: `${sim.url}/github/api`,
      ADMIN_PASSWORD: adminPassword,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    // The OAuth redirect names the gateway's port, so the port is chosen first (again if taken meanwhile).
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
  });
  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function login(name: string): Promise<BrowserSession> {
    const session = new BrowserSession(gateway.url, []);
    const landed = await session.oauthLogin('/oauth2/github/login', { login_as: name });
    expect(landed).toBe('/user');
    session.csrf = (await session.request('/user/api/profile')).json().csrf_token;
    return session;
  }

  async function mintKey(session: BrowserSession): Promise<string> {
    const created = await session.request('/user/api/keys', { method: 'POST', json: { name: 'k' } });
    expect(created.status, created.text).toBe(201);
    return created.json().key;
  }

  async function chat(key: string): Promise<number> {
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

  it("closes the public pool: keys are served by their owner's tokens only, public donations are refused", async () => {
    const alice = await login('alice');
    const donated = await alice.request('/user/api/tokens', {
      method: 'POST',
      json: { refresh_token: kiroToken('alice-public'), visibility: 'public' },
    });
    expect(donated.status, donated.text).toBe(201);
    const aliceKey = await mintKey(alice);
    const bob = await login('bob');
    const bobKey = await mintKey(bob);
    // Open site: bob, who donated nothing, is served by alice's public token.
    expect(await chat(bobKey)).toBe(200);

    const admin = new BrowserSession(gateway.url, []);
    const adminLogin = await admin.request('/admin/login', {
      method: 'POST',
      json: { password: adminPassword },
    });
    expect(adminLogin.status).toBe(200);
    admin.csrf = adminLogin.json().csrf_token;
    const toggled = await admin.request('/admin/api/toggle-self-use', {
      method: 'POST',
      json: { enabled: true },
    });
    expect(toggled.json().self_use_enabled).toBe(true);

    // The broker reads the switch at most a second late.
    await vi.waitFor(async () => expect(await chat(bobKey)).toBe(503), { timeout: 15_000, interval: 200 });
    expect(await chat(aliceKey)).toBe(200);
    const refused = await bob.request('/user/api/tokens', {
      method: 'POST',
      json: { refresh_token: kiroToken('bob-public'), visibility: 'public' },
    });
    expect(refused.status).toBe(403);

    await admin.request('/admin/api/toggle-self-use', { method: 'POST', json: { enabled: false } });
    await vi.waitFor(async () => expect(await chat(bobKey)).toBe(200), { timeout: 15_000, interval: 200 });
  });
});
