import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebDeps, WebViewer } from './web-deps.ts';
import { webNotFound, webRouter } from './web-router.ts';

let viewer: WebViewer | undefined;
let admin = false;
let base = '';
let close: () => void;

const deps: WebDeps = {
  currentUser: async () => viewer,
  isAdmin: async () => admin,
  loginProviders: () => ({ github: true, linuxdo: false }),
  adminEnabled: () => true,
  siteMode: async () => 'normal',
  version: '1.2.3',
};

beforeAll(async () => {
  const app = express();
  app.use(webRouter(deps));
  app.get('/', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/v1/models', (_req, res) => {
    res.json({ data: [] });
  });
  app.use(webNotFound(deps));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/** Like a browser navigation unless `headers` says otherwise. */
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(base + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });

describe('webRouter pages', () => {
  it('renders the home page in the Accept-Language language with a strict CSP', async () => {
    viewer = undefined;
    const response = await get('/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = await response.text();
    expect(body).toContain('<html lang="zh-CN">');
    expect(body).toContain('如何调用');
    expect(body).toContain(`${base}/v1/chat/completions`);
  });

  it('leaves GET / to the JSON liveness answer unless the client asks for HTML', async () => {
    expect(await (await get('/', { accept: 'application/json' })).json()).toEqual({ status: 'ok' });
    expect(await (await get('/', { accept: '*/*' })).json()).toEqual({ status: 'ok' });
    const browser = await get('/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.headers.get('content-type')).toContain('text/html');
  });

  it('lets the language cookie override Accept-Language', async () => {
    const body = await (await get('/', { 'accept-language': 'zh-CN', cookie: 'kg_lang=en' })).text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('How to call it');
  });

  it('shows only configured login providers and explains a failed callback', async () => {
    const body = await (await get('/login?error=banned')).text();
    expect(body).toContain('href="/oauth2/github/login"');
    expect(body).not.toContain('/oauth2/login"');
    expect(body).toContain('this account is banned');
  });

  it('sends logged-out visitors from /user to /login and logged-in ones from /login to /user', async () => {
    viewer = undefined;
    expect((await get('/user')).headers.get('location')).toBe('/login');
    viewer = { id: 'u1', username: 'alice', avatarUrl: null };
    expect((await get('/login')).headers.get('location')).toBe('/user');
    expect((await get('/user')).status).toBe(200);
  });

  it('escapes the user name it renders', async () => {
    viewer = { id: 'u1', username: '<img src=x onerror=alert(1)>', avatarUrl: null };
    const body = await (await get('/user')).text();
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the admin login form without an admin session and the panel with one', async () => {
    admin = false;
    expect(await (await get('/admin')).text()).toContain('action="/admin/login"');
    admin = true;
    const panel = await (await get('/admin')).text();
    expect(panel).toContain('id="users-table"');
    expect(panel).toMatch(/\/assets\/vendor\/chart\.umd\.js\?v=[0-9a-f]{12}"/);
  });
});

describe('webRouter language switch', () => {
  it('sets the cookie and returns to a local path', async () => {
    const response = await get('/lang?to=zh-CN&next=%2Ftokens%3Fa%3D1');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/tokens?a=1');
    expect(response.headers.get('set-cookie')).toMatch(/^kg_lang=zh-CN; .*Path=\//);
  });

  it('never redirects off the site', async () => {
    for (const next of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/x',
    ]) {
      const response = await get(`/lang?to=en&next=${encodeURIComponent(next)}`);
      expect(response.headers.get('location')).toBe('/');
    }
  });

  it('ignores unknown languages', async () => {
    const response = await get('/lang?to=xx');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('webRouter assets', () => {
  it('serves our own scripts and styles and Chart.js from node_modules', async () => {
    const css = await get('/assets/app.css?v=1.2.3');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const script = await get('/assets/user.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    const chart = await get('/assets/vendor/chart.umd.js');
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('Chart');
  });

  it('lets versioned asset links live for a year and revalidates the rest', async () => {
    const page = await (await get('/')).text();
    const link = /href="(\/assets\/app\.css\?v=[0-9a-f]{12})"/.exec(page)?.[1];
    expect(link).toBeDefined();
    expect((await get(link!)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/app.css?v=stale')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for missing assets and path tricks', async () => {
    expect((await get('/assets/nope.js')).status).toBe(404);
    expect((await get('/assets/..%2Fweb-router.ts')).status).not.toBe(200);
  });
});

describe('webNotFound', () => {
  it('renders an HTML 404 for browser navigations only', async () => {
    const page = await get('/nowhere', { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('There is no page at this address.');
    expect((await get('/v1/models', { accept: 'text/html' })).status).toBe(200);
    const api = await get('/nowhere', { accept: 'application/json' });
    expect(await api.text()).not.toContain('There is no page at this address.');
  });
});
