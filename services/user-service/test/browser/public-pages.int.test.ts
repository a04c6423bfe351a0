import { randomBytes } from 'node:crypto';
import { describeWithServices } from '@kirogate/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicStatusView } from '../../src/contract/views.ts';
import { ids } from '../../src/web/assets/dom-ids.js';
import { docsAnchors } from '../../src/web/openapi-view.ts';
import {
  type Chromium,
  DESKTOP,
  describeWithChromium,
  launchChromium,
  PHONE,
  screenshot,
  watchPageErrors,
} from './support/chromium.ts';
import { startWebStack, type WebStack } from './support/start-web-stack.ts';

const REFRESH_TOKEN = `aor${randomBytes(90).toString('base64url')}`;

/** `/docs`, `/status`, `/playground` and their JSON against the real user-service and gateway. */
describeWithServices('public pages against the real user-service', { postgres: true }, () => {
  let stack: WebStack;

  beforeAll(async () => {
    const started = await startWebStack();
    if (!started) throw new Error('Postgres went away between the check and the start');
    stack = started;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('JSON', () => {
    it('serves a valid OpenAPI 3.1 document whose server is the address the client used', async () => {
      const response = await fetch(`${stack.url}/docs/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const document = (await response.json()) as {
        servers: Array<{ url: string }>;
        paths: Record<string, unknown>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const validator = new Validator();
      const result = await validator.validate(structuredClone(document));
      expect(result.errors).toBeUndefined();
      expect(validator.version).toBe('3.1');
      expect(document.servers).toEqual([{ url: stack.url }]);
      expect(Object.keys(document.paths)).toContain('/v1/chat/completions');
      expect(document.components.schemas.ChatCompletionRequest?.properties?.stream_options).toBeDefined();
      // What the scaled gateway sends when it forwards `/docs`; loopback is a trusted proxy by default.
      const forwarded = await fetch(`${stack.url}/docs/openapi.json`, {
        headers: { 'x-forwarded-host': 'gate.example', 'x-forwarded-proto': 'https' },
      });
      const servers = ((await forwarded.json()) as { servers: Array<{ url: string }> }).servers;
      expect(servers).toEqual([{ url: 'https://gate.example' }]);
    });

    it('tells anyone the pool health, models and mode, with no user data, cacheable briefly', async () => {
      const response = await fetch(`${stack.url}/api/status`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=10');
      const body = (await response.json()) as PublicStatusView;
      expect(body.site_mode).toBe('normal');
      expect(body.version).toBe('test');
      expect(body.pool).toMatchObject({
        total: expect.any(Number),
        by_status: { active: expect.any(Number) },
      });
      expect(body.models).toContain('claude-sonnet-4-5');
      expect(body.last_24h.requests).toBeGreaterThanOrEqual(body.last_24h.errors);
      expect(Object.keys(body).sort()).toEqual(
        ['checked_at', 'last_24h', 'models', 'pool', 'site_mode', 'status', 'version'].sort(),
      );
    });
  });

  describeWithChromium('in chromium', () => {
    let english: Chromium;
    let chinese: Chromium;
    let page: Page;
    let zhPage: Page;
    let problems: string[];
    let zhProblems: string[];

    beforeAll(async () => {
      english = await launchChromium();
      chinese = await launchChromium({ locale: 'zh-CN' });
      page = await english.context.newPage();
      zhPage = await chinese.context.newPage();
      problems = watchPageErrors(page);
      zhProblems = watchPageErrors(zhPage);
    });

    afterAll(async () => {
      await Promise.allSettled([english?.close(), chinese?.close()]);
    });

    it('renders the API reference from the document, in both languages, without scripts', async () => {
      await page.goto(`${stack.url}/docs`);
      const chat = page.locator(`#${docsAnchors.operation('post', '/v1/chat/completions')}`);
      expect(await chat.textContent()).toContain('/v1/chat/completions');
      const schema = page.locator(`#${docsAnchors.schema('ChatCompletionRequest')}`);
      expect(await schema.locator('td code', { hasText: /^temperature$/ }).count()).toBe(1);
      expect(await schema.textContent()).toContain('≤ 2');
      expect(await page.textContent(`#${ids.docsBaseUrl}`)).toBe(stack.url);
      await screenshot(page, 'docs-en-desktop', DESKTOP);

      await zhPage.goto(`${stack.url}/docs`);
      expect(await zhPage.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await zhPage.textContent('h1')).toBe('API 参考');
      await screenshot(zhPage, 'docs-zh-phone', PHONE);
    });

    it('shows the status with the pool and the models, in both languages', async () => {
      for (const [tab, name] of [
        [page, 'status-en'],
        [zhPage, 'status-zh'],
      ] as const) {
        await tab.goto(`${stack.url}/status`);
        await expect.poll(() => tab.locator(`#${ids.statusOverall} [data-status]`).count()).toBe(1);
        expect(await tab.textContent(`#${ids.statusModels}`)).toContain('claude-sonnet-4-5');
        expect(await tab.locator(`#${ids.statusPoolTable} tbody tr`).count()).toBe(5);
        await screenshot(tab, `${name}-desktop`, DESKTOP);
      }
      expect(await zhPage.textContent(`#${ids.statusPoolTable} thead`)).toContain('数量');
    });

    it('sends a visitor without a session from /playground to the login page', async () => {
      await page.goto(`${stack.url}/playground`);
      expect(new URL(page.url()).pathname).toBe('/login');
    });

    it('chats with streaming through a key minted on the playground, in Chinese', async () => {
      await zhPage.goto(`${stack.url}/login`);
      await zhPage.click('a[href="/oauth2/github/login"]');
      await zhPage.waitForURL(`${stack.url}/user`);
      await zhPage.fill('#donate-form textarea[name="refresh_token"]', REFRESH_TOKEN);
      await zhPage.click('#donate-form button[type="submit"]');
      await expect
        .poll(() => zhPage.getAttribute('#donate-form .form-result', 'class'))
        .toBe('form-result ok');

      await zhPage.goto(`${stack.url}/playground`);
      await expect.poll(() => zhPage.locator(`#${ids.playgroundNoKeys}`).isVisible()).toBe(true);
      await zhPage.click(`#${ids.playgroundNewKey}`);
      await expect
        .poll(() => zhPage.textContent(`#${ids.playgroundNewKeyValue}`))
        .toMatch(/^sk-[0-9a-f]{48}$/);
      await expect.poll(() => zhPage.locator(`#${ids.playgroundModel} option`).count()).toBeGreaterThan(0);
      expect(await zhPage.inputValue(`#${ids.playgroundModel}`)).toContain('sonnet');

      await zhPage.fill(`#${ids.playgroundMessage}`, 'Hello from the playground');
      await zhPage.click(`#${ids.playgroundSend}`);
      const reply = zhPage.locator(`#${ids.playgroundLog} .bubble[data-role="assistant"] .bubble-text`);
      await expect.poll(() => zhPage.textContent(`#${ids.playgroundUsage}`)).toMatch(/输入 \d+ 个 token/);
      expect((await reply.textContent())?.trim().length).toBeGreaterThan(0);
      expect(await zhPage.isDisabled(`#${ids.playgroundSend}`)).toBe(false);
      await screenshot(zhPage, 'playground-zh-desktop', DESKTOP);
      await screenshot(zhPage, 'playground-zh-phone', PHONE);
    });

    it('takes a pasted secret only when it matches the chosen key, and keeps it to the tab', async () => {
      const secret = (await zhPage.textContent(`#${ids.playgroundNewKeyValue}`))!;
      await zhPage.click(`#${ids.playgroundForget}`);
      await expect.poll(() => zhPage.locator(`#${ids.playgroundModel} option`).count()).toBe(0);
      await zhPage.fill(`#${ids.playgroundSecret}`, `sk-${'0'.repeat(48)}`);
      await zhPage.click(`#${ids.playgroundKeyForm} button[type="submit"]`);
      await expect
        .poll(() => zhPage.getAttribute(`#${ids.playgroundSecretResult}`, 'class'))
        .toBe('form-result error');
      await zhPage.fill(`#${ids.playgroundSecret}`, secret);
      await zhPage.click(`#${ids.playgroundKeyForm} button[type="submit"]`);
      await expect
        .poll(() => zhPage.getAttribute(`#${ids.playgroundSecretResult}`, 'class'))
        .toBe('form-result ok');
      await expect.poll(() => zhPage.locator(`#${ids.playgroundModel} option`).count()).toBeGreaterThan(0);
      // Nothing of the secret reaches a cookie or localStorage; sessionStorage ends with the tab.
      const cookies = await chinese.context.cookies(stack.url);
      expect(cookies.some((cookie) => cookie.value.includes(secret.slice(3)))).toBe(false);
      expect(await zhPage.evaluate(() => JSON.stringify(localStorage))).not.toContain(secret.slice(3));
      const fresh = await chinese.context.newPage();
      await fresh.goto(`${stack.url}/playground`);
      await expect.poll(() => fresh.locator(`#${ids.playgroundKey} option`).count()).toBe(1);
      expect(await fresh.locator(`#${ids.playgroundModel} option`).count()).toBe(0);
      await fresh.close();
    });

    it('raised no script errors', () => {
      expect([...problems, ...zhProblems]).toEqual([]);
    });
  });

  it('keeps the status reachable in maintenance while the API is closed', async () => {
    await stack.userService.site.setFlag('siteEnabled', false);
    await stack.userService.site.publish();
    try {
      await expect.poll(async () => (await fetch(`${stack.url}/v1/models`)).status).toBe(503);
      expect((await fetch(`${stack.url}/api/status`)).status).toBe(200);
      const html = await fetch(`${stack.url}/status`, { headers: { accept: 'text/html' } });
      expect(html.status).toBe(200);
      expect(await html.text()).toContain(`id="${ids.statusOverall}"`);
    } finally {
      await stack.userService.site.setFlag('siteEnabled', true);
      await stack.userService.site.publish();
    }
  });
});
