import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webNotFound, webRouter } from '../../src/web/web-router.ts';
import {
  ARTIFACTS,
  type Chromium,
  DESKTOP,
  describeWithChromium,
  launchChromium,
  PHONE,
  screenshot,
  userPageReady,
  watchPageErrors,
} from './support/chromium.ts';
import { type FakeUserApi, fakeUserApi } from './support/fake-user-api.ts';

/** One section's screenshot, beside the full-page ones (the folder exists by then). */
const artifactPath = (name: string) => join(ARTIFACTS, `${name}.png`);

/**
 * The pages and their scripts in a real browser against an in-memory stand-in for the JSON APIs:
 * fast, no Postgres, and the place for screenshots. The real backend flows are in
 * user-flows.int.test.ts.
 */
describeWithChromium('web pages against a stand-in API', () => {
  let api: FakeUserApi;
  let server: Server;
  let base: string;
  let browser: Chromium;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    api = fakeUserApi();
    const app = express();
    app.use(webRouter(api.deps));
    app.use(api.router);
    app.use(webNotFound(api.deps));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.context.newPage();
    problems = watchPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('home page in both languages, desktop and phone', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.textContent('#status-health')).toBe('Running');
    // Its own request, answered in any order relative to /health.
    await expect.poll(() => page.textContent('#announcement')).toContain('<b>not bold</b>');
    await screenshot(page, 'home-en-desktop', DESKTOP);
    await screenshot(page, 'home-en-phone', PHONE);
    await page.click('a[hreflang="zh-CN"]');
    await page.waitForURL(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => page.textContent('#status-health')).toBe('运行中');
    await screenshot(page, 'home-zh-desktop', DESKTOP);
    await screenshot(page, 'home-zh-phone', PHONE);
    await page.click('a[hreflang="en"]');
    await page.setViewportSize(DESKTOP);
  });

  it('logs in, creates a key shown once, disables and deletes it', async () => {
    await page.goto(`${base}/login`);
    await screenshot(page, 'login-en-phone', PHONE);
    await page.setViewportSize(DESKTOP);
    await page.click('a[href="/oauth2/github/login"]');
    await page.waitForURL(`${base}/user`);
    await userPageReady(page);
    await page.fill('#create-key-form input[name="name"]', 'laptop <script>');
    await page.click('#create-key-form button[type="submit"]');
    await expect.poll(() => page.textContent('#new-key-value')).toMatch(/^sk-[0-9a-f]{48}$/);
    const key = await page.textContent('#new-key-value');
    expect(await page.isVisible('#new-key-pool')).toBe(true);
    const row = page.locator('#keys-table tbody tr', { hasText: 'laptop <script>' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).not.toContain(key!.slice(7, 40));
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Enable' }).count()).toBe(1);
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('holds a form submitted before the page has its CSRF token until the token arrives', async () => {
    const failuresBefore = api.csrfFailures;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/user/api/profile', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${base}/user`);
    await page.fill('#create-key-form input[name="name"]', 'early');
    // The submit handler runs now, while the profile (which carries the token) is still held back.
    await page.click('#create-key-form button[type="submit"]');
    release();
    await expect.poll(() => page.textContent('#new-key-value')).toMatch(/^sk-[0-9a-f]{48}$/);
    expect(api.csrfFailures).toBe(failuresBefore);
    await page.unroute('**/user/api/profile');
    const row = page.locator('#keys-table tbody tr', { hasText: 'early' });
    await expect.poll(() => row.count()).toBe(1);
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('donates a token, imports more, and lists them with their status', async () => {
    await page.fill('#donate-form textarea[name="refresh_token"]', 'aorAAAA-valid-token');
    await page.selectOption('#donate-form select[name="visibility"]', 'public');
    await page.click('#donate-form button[type="submit"]');
    await expect.poll(() => page.textContent('#donate-form .form-result')).toBe('Token donated');
    await page.fill('#donate-form textarea[name="refresh_token"]', 'bad-token');
    await page.click('#donate-form button[type="submit"]');
    await expect.poll(() => page.textContent('#donate-form .form-result')).toContain('refused by Kiro');
    await page.fill('#import-form textarea[name="tokens_text"]', 'aorB1, aorB2\nnope');
    await page.click('#import-form button[type="submit"]');
    await expect.poll(() => page.textContent('#import-form .form-result')).toContain('Imported 2 of 3');
    await expect.poll(() => page.locator('#tokens-table tbody tr').count()).toBe(3);
    expect(await page.locator('#tokens-table [data-status="active"]').count()).toBe(3);
    await page.fill('#create-key-form input[name="name"]', 'ci');
    await page.click('#create-key-form button[type="submit"]');
    await expect.poll(() => page.locator('#keys-table tbody tr').count()).toBe(1);
    await expect.poll(() => page.getAttribute('#chart-requests', 'data-points')).toBe('30');
    await screenshot(page, 'user-en-desktop', DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect.poll(() => page.getAttribute('#chart-requests', 'data-points')).toBe('30');
    await screenshot(page, 'user-en-dark-desktop', DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'user-en-phone', PHONE);
    await page.setViewportSize(DESKTOP);
  });

  it('shows the public pool', async () => {
    await page.goto(`${base}/tokens`);
    // The table holds a "Loading…" row until the data is in: wait for the donor, then count rows.
    await expect.poll(() => page.textContent('#pool-table')).toContain('alice');
    expect(await page.locator('#pool-table tbody tr').count()).toBe(1);
    await screenshot(page, 'tokens-en-phone', PHONE);
    await page.setViewportSize(DESKTOP);
  });

  it("shows usage against each limit; a key limit above the user's is refused, a lower one kept", async () => {
    await page.goto(`${base}/user`);
    await userPageReady(page);
    await page.fill('#create-key-form input[name="name"]', 'script');
    await page.click('#create-key-form button[type="submit"]');
    await expect.poll(() => page.locator('#keys-table tbody tr', { hasText: 'script' }).count()).toBe(1);
    await page.reload();
    const credits = page.locator('#limits-table tbody tr', { hasText: 'Credits per day' });
    await expect.poll(() => credits.textContent()).toContain('12.5');
    expect(await credits.textContent()).toContain('50');
    const scriptKey = await page
      .locator('#key-limits-form option', { hasText: 'script' })
      .getAttribute('value');
    await page.selectOption('#key-limits-form select[name="key_id"]', scriptKey);
    await page.fill('#key-limits-form input[name="daily_credits"]', '60');
    await page.click('#key-limits-form button[type="submit"]');
    await expect
      .poll(() => page.textContent('#key-limits-form .form-result'))
      .toContain('daily_credits of 60 is above your own limit of 50');
    await page.fill('#key-limits-form input[name="daily_credits"]', '20');
    await page.click('#key-limits-form button[type="submit"]');
    await expect.poll(() => page.textContent('#key-limits-form .form-result')).toBe('Limits saved.');
    const keyCredits = page.locator('#key-limits-table tbody tr', { hasText: 'Credits per day' });
    await expect.poll(() => keyCredits.textContent()).toContain('20');
    expect(await page.inputValue('#key-limits-form input[name="daily_credits"]')).toBe('20');
    await page.locator('#limits').screenshot({ path: artifactPath('user-limits-en-desktop') });
    await page.click('a[hreflang="zh-CN"]');
    await page.waitForURL(`${base}/user`);
    await expect
      .poll(() => page.locator('#limits-table tbody tr', { hasText: '每日 Credits' }).textContent())
      .toContain('12.5');
    await page.locator('#limits').screenshot({ path: artifactPath('user-limits-zh-desktop') });
    await page.click('a[hreflang="en"]');
  });

  it('admin: wrong password stays on the page, then the panel bans a user and blocks an IP', async () => {
    await page.goto(`${base}/admin`);
    await page.fill('input[name="password"]', 'wrong');
    await page.click('#admin-login-form button[type="submit"]');
    await expect.poll(() => page.textContent('#admin-login-error')).toBe('Wrong password.');
    await page.fill('input[name="password"]', 'admin-password');
    await page.click('#admin-login-form button[type="submit"]');
    await page.waitForSelector('#overview:not([hidden])');
    await expect.poll(() => page.textContent('#stat-requests')).toBe('600');
    await expect.poll(() => page.getAttribute('#chart-ttft', 'data-points')).toBe('24');
    await screenshot(page, 'admin-overview-en-desktop', DESKTOP);
    await screenshot(page, 'admin-overview-en-phone', PHONE);
    await page.setViewportSize(DESKTOP);

    await page.click('a[data-tab="users"]');
    const alice = page.locator('#users-table tbody tr', { hasText: 'alice' });
    page.once('dialog', (dialog) => dialog.accept());
    await alice.getByRole('button', { name: 'Ban' }).click();
    await expect.poll(() => alice.getByRole('button', { name: 'Unban' }).count()).toBe(1);
    await screenshot(page, 'admin-users-en-desktop', DESKTOP);

    await page.click('a[data-tab="ips"]');
    await page.fill('#ban-ip-form input[name="ip"]', '203.0.113.99');
    await page.fill('#ban-ip-form input[name="reason"]', 'abuse');
    await page.click('#ban-ip-form button[type="submit"]');
    await expect
      .poll(() => page.locator('#blacklist-table tbody tr', { hasText: '203.0.113.99' }).count())
      .toBe(1);
    await page
      .locator('#ips-table tbody tr', { hasText: '203.0.113.7' })
      .getByRole('button', { name: 'Block IP' })
      .click();
    await expect.poll(() => page.locator('#blacklist-table tbody tr').count()).toBe(2);
    await screenshot(page, 'admin-ips-en-phone', PHONE);
    await page.setViewportSize(DESKTOP);

    await page.click('a[data-tab="settings"]');
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('#proxy-key-form button[type="submit"]');
    await expect.poll(() => page.textContent('#new-proxy-key-value')).toMatch(/^kg-[0-9a-f]{32}$/);
    await screenshot(page, 'admin-settings-en-desktop', DESKTOP);
    expect(api.csrfFailures).toBe(0);
  });

  it("admin: overrides a user's limits; empty goes back to the default", async () => {
    await page.goto(`${base}/admin#users`);
    const bob = page.locator('#users-table tbody tr', { hasText: 'bob' });
    await bob.getByRole('button', { name: 'Limits' }).click();
    await expect.poll(() => page.isVisible('#user-limits')).toBe(true);
    expect(await page.textContent('#user-limits-title')).toBe('Limits of bob');
    expect(await page.getAttribute('#user-limits-form input[name="daily_credits"]', 'placeholder')).toBe(
      '50',
    );
    await page.fill('#user-limits-form input[name="daily_credits"]', '200');
    await page.fill('#user-limits-form input[name="concurrent_requests"]', '0');
    await page.click('#user-limits-form button[type="submit"]');
    await expect.poll(() => page.textContent('#user-limits-form .form-result')).toBe('Limits saved.');
    const credits = page.locator('#user-limits-table tbody tr', { hasText: 'Credits per day' });
    expect(await credits.textContent()).toContain('200');
    const concurrent = page.locator('#user-limits-table tbody tr', { hasText: 'Requests at once' });
    expect(await concurrent.textContent()).toContain('No limit');
    await page.locator('#user-limits').screenshot({ path: artifactPath('admin-user-limits-en-desktop') });
    await page.fill('#user-limits-form input[name="daily_credits"]', '');
    await page.click('#user-limits-form button[type="submit"]');
    await expect.poll(() => credits.textContent()).toContain('50');
    expect(api.csrfFailures).toBe(0);
  });

  it('a banned user is sent back to the login page', async () => {
    await page.goto(`${base}/user`);
    await page.waitForURL(`${base}/login`);
  });

  it('raised no script errors (the refused donation answers 400, the banned user 401)', () => {
    expect(problems.filter((p) => !/status of (400|401)/.test(p))).toEqual([]);
  });
});
