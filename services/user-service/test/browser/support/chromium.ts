import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's chromium with a fresh profile; every test run starts with no cookies or cache. */
export async function launchChromium(options: { locale?: string } = {}): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'kirogate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A `describe` that needs Debian's chromium: without it the suite is skipped with a printed reason,
 * unless `REQUIRE_SERVICES=1`, where it fails.
 */
export function describeWithChromium(name: string, fn: () => void): void {
  describe(name, () => {
    if (!existsSync(CHROMIUM_PATH)) {
      const reason = `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
      if (process.env.REQUIRE_SERVICES === '1') {
        it('needs chromium', () => {
          throw new Error(`REQUIRE_SERVICES=1 but ${reason}`);
        });
        return;
      }
      console.warn(`[skipped] ${name}: ${reason}`);
      it.skip(`needs ${reason}`, () => undefined);
      return;
    }
    fn();
  });
}

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'user-service-web');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** A full-page screenshot under test-artifacts/ (gitignored) for a human to look at. */
export async function screenshot(page: Page, name: string, viewport = DESKTOP): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.setViewportSize(viewport);
  // A sticky header would otherwise be captured where the page happened to be scrolled to.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * Resolves once `/user` has filled its keys table (no loading row). The page's first listing is
 * fetched while the test acts; waiting for it keeps that listing from landing after, and replacing,
 * the table the test's own action produced. Polled from here, not with `waitForFunction`: the page's
 * CSP forbids the eval that a polled in-page predicate needs.
 */
export async function userPageReady(page: Page): Promise<void> {
  const i18n = JSON.parse((await page.textContent('#kg-i18n')) ?? '{}') as {
    messages: Record<string, string>;
  };
  const loading = i18n.messages['common.loading'];
  if (!loading) throw new Error('the page carries no "common.loading" message');
  await expect.poll(() => page.textContent('#keys-table tbody')).not.toContain(loading);
}

/** Fails the test on any script error or failed same-origin request the page reports. */
export function watchPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}
