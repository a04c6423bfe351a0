import { randomBytes } from 'node:crypto';
import { describeWithServices } from '@kirogate/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Chromium,
  DESKTOP,
  describeWithChromium,
  launchChromium,
  PHONE,
  screenshot,
  userPageReady,
  watchPageErrors,
} from './support/chromium.ts';
import { startWebStack, type WebStack } from './support/start-web-stack.ts';

/** Kiro-looking: `aor` and 120 characters (shorter ones are refused as truncated). */
const REFRESH_TOKEN = `aor${randomBytes(90).toString('base64url')}`;

/** The admin browser's cookies, for a direct API read. */
let adminHeaders: () => Promise<Record<string, string>>;

async function callMessages(stack: WebStack, key: string): Promise<Response> {
  return fetch(`${stack.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello from the browser test' }],
    }),
  });
}

/**
 * The real flows through the real user-service (Postgres, sessions, CSRF, token-broker donations)
 * and the gateway, with kiro-sim as Kiro and as the GitHub OAuth provider.
 */
describeWithServices('web flows against the real user-service', { postgres: true }, () => {
  describeWithChromium('web flows in chromium', () => {
    let stack: WebStack;
    let user: Chromium;
    let admin: Chromium;
    let userPage: Page;
    let adminPage: Page;
    let userProblems: string[];
    let adminProblems: string[];
    let key: string;

    beforeAll(async () => {
      const started = await startWebStack();
      if (!started) throw new Error('Postgres went away between the check and the start');
      stack = started;
      user = await launchChromium({ locale: 'zh-CN' });
      admin = await launchChromium();
      userPage = await user.context.newPage();
      adminPage = await admin.context.newPage();
      userProblems = watchPageErrors(userPage);
      adminProblems = watchPageErrors(adminPage);
      adminHeaders = async () => ({
        cookie: (await admin.context.cookies(stack.url)).map((c) => `${c.name}=${c.value}`).join('; '),
      });
    });

    afterAll(async () => {
      await Promise.allSettled([user?.close(), admin?.close()]);
      await stack?.stop();
    });

    it('logs in through the GitHub provider, in Chinese from Accept-Language', async () => {
      await userPage.goto(`${stack.url}/login`);
      expect(await userPage.getAttribute('html', 'lang')).toBe('zh-CN');
      await userPage.click('a[href="/oauth2/github/login"]');
      await userPage.waitForURL(`${stack.url}/user`);
      expect(await userPage.textContent('.page-head')).toContain('octocat');
    });

    it('creates a key, shown once, that the gateway accepts once a token is donated', async () => {
      await userPageReady(userPage);
      await userPage.fill('#create-key-form input[name="name"]', 'browser');
      await userPage.click('#create-key-form button[type="submit"]');
      await expect.poll(() => userPage.textContent('#new-key-value')).toMatch(/^sk-[0-9a-f]{48}$/);
      key = (await userPage.textContent('#new-key-value'))!;
      const row = userPage.locator('#keys-table tbody tr', { hasText: 'browser' });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).not.toContain(key.slice(10, 40));

      await userPage.fill('#donate-form textarea[name="refresh_token"]', REFRESH_TOKEN);
      await userPage.click('#donate-form button[type="submit"]');
      const result = userPage.locator('#donate-form .form-result');
      await expect.poll(async () => ['', '加载中…'].includes((await result.textContent()) ?? '')).toBe(false);
      expect(await result.getAttribute('class'), (await result.textContent()) ?? '').toBe('form-result ok');
      await expect.poll(() => userPage.locator('#tokens-table tbody [data-status]').count()).toBe(1);
      expect(await userPage.locator('#tokens-table [data-status="active"]').count()).toBe(1);
      expect(await userPage.content()).not.toContain(REFRESH_TOKEN);

      const answer = await callMessages(stack, key);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { type: string }).type).toBe('message');

      await stack.rollUpUsage(1);
      await userPage.reload();
      const keyRow = userPage.locator('#keys-table tbody tr[data-id]');
      await expect.poll(() => keyRow.locator('td').nth(3).textContent()).toBe('1');
      await expect.poll(() => userPage.getAttribute('#chart-requests', 'data-points')).not.toBe('0');
      expect(await userPage.getAttribute('#chart-tokens', 'data-points')).not.toBe('0');
      await screenshot(userPage, 'real-user-zh-desktop', DESKTOP);
      await screenshot(userPage, 'real-user-zh-phone', PHONE);
    });

    it('admin issues an import key with which a script imports a token for the user', async () => {
      await adminPage.goto(`${stack.url}/admin`);
      await adminPage.fill('input[name="password"]', stack.adminPassword);
      await adminPage.click('#admin-login-form button[type="submit"]');
      await adminPage.waitForSelector('#overview:not([hidden])');
      await adminPage.click('a[data-tab="users"]');
      const row = adminPage.locator('#users-table tbody tr', { hasText: 'octocat' });
      await row.getByRole('button', { name: 'Import keys' }).click();
      await adminPage.fill('#import-key-form input[name="name"]', 'script');
      await adminPage.click('#import-key-form button[type="submit"]');
      await expect.poll(() => adminPage.textContent('#new-import-key-value')).toMatch(/^ik-[0-9a-f]{48}$/);
      const importKey = (await adminPage.textContent('#new-import-key-value'))!;
      await expect.poll(() => adminPage.locator('#import-keys-table tbody tr[data-id]').count()).toBe(1);
      expect(await adminPage.textContent('#import-keys-table')).not.toContain(importKey.slice(10, 40));

      const imported = await fetch(`${stack.url}/api/tokens/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${importKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tokens_text: `aor${randomBytes(90).toString('base64url')}` }),
      });
      expect(imported.status).toBe(200);
      expect(((await imported.json()) as { imported: number }).imported).toBe(1);
      await userPage.reload();
      await expect.poll(() => userPage.locator('#tokens-table tbody tr[data-id]').count()).toBe(2);

      adminPage.once('dialog', (dialog) => dialog.accept());
      await adminPage
        .locator('#import-keys-table tbody tr[data-id]')
        .getByRole('button', { name: 'Delete' })
        .click();
      await expect.poll(() => adminPage.locator('#import-keys-table tbody tr[data-id]').count()).toBe(0);
      await adminPage.click('#import-keys-close');
    });

    it('shows real usage against the limits; an admin override is enforced by the gateway at once', async () => {
      await userPage.reload();
      const tokens = userPage.locator('#limits-table tbody tr', { hasText: '每日 Token 数' });
      await expect
        .poll(async () => Number((await tokens.locator('td').nth(2).textContent())?.replace(/,/g, '')))
        .toBeGreaterThan(0);
      expect(await tokens.locator('td').nth(1).textContent()).toBe('5,000,000');

      const row = adminPage.locator('#users-table tbody tr', { hasText: 'octocat' });
      await row.getByRole('button', { name: 'Limits' }).click();
      await expect.poll(() => adminPage.isVisible('#user-limits')).toBe(true);
      await adminPage.fill('#user-limits-form input[name="daily_tokens"]', '1');
      await adminPage.click('#user-limits-form button[type="submit"]');
      await expect.poll(() => adminPage.textContent('#user-limits-form .form-result')).toBe('Limits saved.');
      await expect.poll(async () => (await callMessages(stack, key)).status).toBe(429);
      const refused = (await (await callMessages(stack, key)).json()) as {
        error: { type: string; message: string };
      };
      expect(refused.error).toEqual({
        type: 'rate_limit_error',
        message: expect.stringMatching(
          /^Daily token budget of 1 exceeded for this account; resets in \d+[smh]\.$/,
        ),
      });
      await screenshot(adminPage, 'real-admin-user-limits-en-desktop', DESKTOP);

      await adminPage.fill('#user-limits-form input[name="daily_tokens"]', '');
      await adminPage.click('#user-limits-form button[type="submit"]');
      await expect.poll(async () => (await callMessages(stack, key)).status).toBe(200);
      await adminPage.click('#user-limits-close');
    });

    it('admin bans the user: the key is refused and the session ends', async () => {
      const row = adminPage.locator('#users-table tbody tr', { hasText: 'octocat' });
      await expect.poll(() => row.count()).toBe(1);
      adminPage.once('dialog', (dialog) => dialog.accept());
      await row.getByRole('button', { name: 'Ban' }).click();
      await expect.poll(() => row.getByRole('button', { name: 'Unban' }).count()).toBe(1);
      await screenshot(adminPage, 'real-admin-users-en-desktop', DESKTOP);

      await expect.poll(async () => (await callMessages(stack, key)).status).toBeGreaterThanOrEqual(401);
      expect([401, 403]).toContain((await callMessages(stack, key)).status);

      await userPage.goto(`${stack.url}/user`);
      await userPage.waitForURL(`${stack.url}/login`);
    });

    it('admin searches users', async () => {
      const rows = adminPage.locator('#users-table tbody tr[data-id]');
      await adminPage.fill('#users-filter input[name="search"]', 'nobody-like-this');
      await adminPage.click('#users-filter button[type="submit"]');
      await expect.poll(() => rows.count()).toBe(0);
      await adminPage.fill('#users-filter input[name="search"]', 'octo');
      await adminPage.click('#users-filter button[type="submit"]');
      await expect.poll(() => rows.count()).toBe(1);
    });

    it('admin publishes an announcement that guests see as plain text', async () => {
      await adminPage.click('a[data-tab="announcements"]');
      await adminPage.fill('#announcement-form textarea[name="content"]', 'Maintenance at <b>noon</b>');
      await adminPage.check('#announcement-form input[name="allow_guest"]');
      await adminPage.click('#announcement-form button[type="submit"]');
      await expect.poll(() => adminPage.textContent('#announcement-form .form-result')).toBe('Done.');
      const guest = await user.context.newPage();
      await guest.goto(`${stack.url}/`);
      await expect.poll(() => guest.textContent('#announcement')).toContain('Maintenance at <b>noon</b>');
      expect(await guest.locator('#announcement b').count()).toBe(0);
      // This browser asks for Chinese; the gateway answers /health as healthy or degraded.
      await expect.poll(() => guest.textContent('#status-health')).toMatch(/^运行中/);
      await guest.close();
    });

    it('admin blacklists an IP: listed after a reload, and the gateway refuses that address', async () => {
      await adminPage.click('a[data-tab="ips"]');
      await adminPage.fill('#ban-ip-form input[name="ip"]', '203.0.113.77');
      await adminPage.fill('#ban-ip-form input[name="reason"]', 'browser test');
      await adminPage.click('#ban-ip-form button[type="submit"]');
      const entry = adminPage.locator('#blacklist-table tbody tr', { hasText: '203.0.113.77' });
      await expect.poll(() => entry.count()).toBe(1);
      await adminPage.reload();
      await adminPage.waitForSelector('#ips:not([hidden])');
      await expect.poll(() => entry.count()).toBe(1);
      expect(await entry.textContent()).toContain('browser test');
      // The site guard in front of the gateway enforces it (the test server is a trusted loopback proxy).
      const fromBanned = () =>
        fetch(`${stack.url}/v1/models`, { headers: { 'x-forwarded-for': '203.0.113.77' } }).then(
          (r) => r.status,
        );
      await expect.poll(fromBanned).toBe(403);
      const fromOther = await fetch(`${stack.url}/v1/models`, {
        headers: { 'x-forwarded-for': '203.0.113.78' },
      });
      expect(fromOther.status).toBe(401);
    });

    it('admin turns self-use mode on: the public pool closes and donations can only be private', async () => {
      await adminPage.click('a[data-tab="settings"]');
      await adminPage.check('#toggle-self-use');
      await expect.poll(() => adminPage.isChecked('#toggle-self-use')).toBe(true);
      await adminPage.reload();
      await adminPage.waitForSelector('#settings:not([hidden])');
      await expect.poll(() => adminPage.isChecked('#toggle-self-use')).toBe(true);
      const tokensPage = await admin.context.newPage();
      await expect
        .poll(async () => {
          await tokensPage.goto(`${stack.url}/tokens`);
          return tokensPage.textContent('main');
        })
        .toContain('self-use mode');
      await tokensPage.close();
      await adminPage.uncheck('#toggle-self-use');
      await expect.poll(() => adminPage.isChecked('#toggle-self-use')).toBe(false);
    });

    it('admin overview, tokens and settings render with real data', async () => {
      await adminPage.click('a[data-tab="overview"]');
      await expect.poll(() => adminPage.textContent('#stat-users')).toBe('1');
      expect(Number(await adminPage.textContent('#stat-requests'))).toBeGreaterThanOrEqual(1);
      expect(await adminPage.getAttribute('#chart-requests', 'data-points')).not.toBe('0');
      await screenshot(adminPage, 'real-admin-overview-en-desktop', DESKTOP);
      await adminPage.click('a[data-tab="users"]');
      await adminPage
        .locator('#users-table tbody tr', { hasText: 'octocat' })
        .locator('a[href="#tokens"]')
        .click();
      await adminPage.waitForSelector('#tokens:not([hidden])');
      await expect.poll(() => adminPage.textContent('#tokens-owner-filter')).toContain('octocat');
      await expect.poll(() => adminPage.locator('#admin-tokens-table tbody tr[data-id]').count()).toBe(2);
      await adminPage.click('#tokens-owner-filter');
      await expect.poll(() => adminPage.isHidden('#tokens-owner-filter')).toBe(true);
      await expect.poll(() => adminPage.locator('#admin-tokens-table tbody tr[data-id]').count()).toBe(2);
      await screenshot(adminPage, 'real-admin-tokens-en-phone', PHONE);
      await adminPage.setViewportSize(DESKTOP);
      await adminPage.click('a[data-tab="settings"]');
      await expect.poll(() => adminPage.textContent('#proxy-key-current')).not.toBe('');
      await screenshot(adminPage, 'real-admin-settings-en-desktop', DESKTOP);
    });

    it('admin checks a token now, rotates the proxy key, flushes caches and closes the site', async () => {
      await adminPage.click('a[data-tab="tokens"]');
      const first = adminPage.locator('#admin-tokens-table tbody tr[data-id]').first();
      await first.getByRole('button', { name: 'Check now' }).click();
      await expect.poll(() => first.locator('[data-status]').getAttribute('data-status')).toBe('active');
      await expect
        .poll(async () =>
          (await fetch(`${stack.url}/admin/api/audit-log`, { headers: await adminHeaders() })).text(),
        )
        .toContain('check');

      await adminPage.click('a[data-tab="settings"]');
      const before = await adminPage.textContent('#proxy-key-current');
      adminPage.once('dialog', (dialog) => dialog.accept());
      await adminPage.click('#proxy-key-form button[type="submit"]');
      await expect.poll(() => adminPage.isVisible('#new-proxy-key')).toBe(true);
      const proxyKey = (await adminPage.textContent('#new-proxy-key-value'))!;
      expect(proxyKey.length).toBeGreaterThanOrEqual(16);
      await expect.poll(() => adminPage.textContent('#proxy-key-current')).not.toBe(before);
      expect(await adminPage.textContent('#proxy-key-current')).not.toContain(proxyKey);

      await adminPage.click('#flush-cache');
      await expect.poll(() => adminPage.textContent('#flush-result')).toBe('Done.');

      await adminPage.uncheck('#toggle-site');
      await expect
        .poll(
          async () => ((await (await fetch(`${stack.url}/api/site-mode`)).json()) as { mode: string }).mode,
        )
        .toBe('maintenance');
      await adminPage.check('#toggle-site');
      await expect
        .poll(
          async () => ((await (await fetch(`${stack.url}/api/site-mode`)).json()) as { mode: string }).mode,
        )
        .toBe('normal');
    });

    it('leaving admin ends the admin session', async () => {
      await adminPage.click('a[href="/admin/logout"]');
      await adminPage.waitForSelector('#admin-login-form');
      await adminPage.goto(`${stack.url}/admin`);
      expect(await adminPage.locator('#admin-login-form').count()).toBe(1);
    });

    it('logs a second person in through LinuxDo', async () => {
      const other = await launchChromium();
      try {
        const page = await other.context.newPage();
        await page.goto(`${stack.url}/login`);
        await page.click('a[href="/oauth2/login"]');
        await page.waitForURL(`${stack.url}/user`);
        await expect
          .poll(() => page.locator('#keys-table tbody td.muted').textContent())
          .toBe('Nothing here yet.');
      } finally {
        await other.close();
      }
    });

    it('raised no script errors beyond the expected 401s', () => {
      const unexpected = (problems: string[]) => problems.filter((p) => !/status of 401/.test(p));
      expect(unexpected(userProblems)).toEqual([]);
      expect(unexpected(adminProblems)).toEqual([]);
    });
  });
});
