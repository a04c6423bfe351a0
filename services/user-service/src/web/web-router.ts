import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { SafeHtml } from './html.ts';
import { isLocale, LOCALE_COOKIE, pickLocale, translator } from './i18n/locale.ts';
import { openApiDocuments } from './openapi-document.ts';
import type { PageContext } from './page-context.ts';
import { adminLoginPage } from './pages/admin-login-page.ts';
import { adminPage } from './pages/admin-page.ts';
import { docsPage, OPENAPI_JSON_PATH } from './pages/docs-page.ts';
import { homePage } from './pages/home-page.ts';
import { loginPage } from './pages/login-page.ts';
import { notFoundPage } from './pages/not-found-page.ts';
import { playgroundPage } from './pages/playground-page.ts';
import { statusPage } from './pages/status-page.ts';
import { tokensPage } from './pages/tokens-page.ts';
import { userPage } from './pages/user-page.ts';
import type { WebDeps } from './web-deps.ts';

/**
 * Scripts and styles come from this origin only; Chart.js sets canvas sizes through CSSOM, which
 * `style-src 'self'` allows. Avatars are remote images.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** The source folder also in a built install (the image keeps `src/`; tsc does not copy assets). */
function assetsDir(): string {
  const here = fileURLToPath(new URL('./assets/', import.meta.url));
  if (existsSync(join(here, 'app.css'))) return here;
  return fileURLToPath(new URL('../../src/web/assets/', import.meta.url));
}

function chartJsFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/**
 * Where the assets are, and a digest of every one of them: links carry it as `?v=`, so it changes
 * whenever any asset does, version bump or not.
 */
function webAssets(): { dir: string; chartJs: string; version: string } {
  const dir = assetsDir();
  const chartJs = chartJsFile();
  const hash = createHash('sha256');
  for (const file of [
    ...readdirSync(dir)
      .sort()
      .map((name) => join(dir, name)),
    chartJs,
  ]) {
    hash.update(file).update(readFileSync(file));
  }
  return { dir, chartJs, version: hash.digest('hex').slice(0, 12) };
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Only paths on this site, so the language switch cannot be used as an open redirect. */
function localPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers drop tabs and newlines from URLs (`/\t/evil` would become `//evil`) and read `\` as `/`.
  const unsafe = [...next].some((char) => char === '\\' || char.charCodeAt(0) < 0x20 || char === '\u007f');
  return unsafe ? '/' : next;
}

/** A browser navigation: HTML is acceptable and preferred over JSON (a bare wildcard Accept is not). */
function wantsHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The HTML pages (`/`, `/login`, `/user`, `/tokens`, `/admin`), the language switch (`/lang`) and
 * the static assets (`/assets/*`, Chart.js included). Mount before any catch-all 404; mount
 * `webNotFound` after everything else for an HTML 404 page.
 */
export function webRouter(deps: WebDeps): Router {
  const router = Router();
  const { dir: assets, chartJs, version: assetVersion } = webAssets();

  const context = async (req: Request): Promise<PageContext> => {
    const locale = pickLocale(cookieValue(req, LOCALE_COOKIE), req.get('accept-language'));
    const [viewer, siteMode] = await Promise.all([deps.currentUser(req), deps.siteMode()]);
    return {
      locale,
      t: translator(locale),
      path: req.originalUrl,
      viewer,
      adminEnabled: deps.adminEnabled(),
      siteMode,
      version: deps.version,
      assetVersion,
    };
  };

  const send = (res: Response, page: SafeHtml, status = 200): void => {
    res
      .status(status)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'x-frame-options': 'DENY',
        vary: 'Accept-Language, Cookie',
      })
      .send(page.value);
  };

  const page =
    (handler: (req: Request, res: Response, ctx: PageContext) => SafeHtml | undefined): RequestHandler =>
    async (req, res) => {
      const ctx = await context(req);
      const rendered = handler(req, res, ctx);
      if (rendered !== undefined) send(res, rendered);
    };

  // Links from pages carry ?v=<digest>, so those responses may live for a year. Module imports
  // between scripts (`./app.js`) come without it and are revalidated instead.
  router.use('/assets', (req, res, next) => {
    res.set({
      'cache-control':
        req.query.v === assetVersion ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    next();
  });
  router.get('/assets/vendor/chart.umd.js', (_req, res) => {
    res.sendFile(chartJs, { cacheControl: false });
  });
  router.use(
    '/assets',
    express.static(assets, { index: false, fallthrough: false, dotfiles: 'deny', cacheControl: false }),
  );

  router.get('/lang', (req, res) => {
    const to = req.query.to;
    const next = localPath(req.query.next);
    if (isLocale(to)) {
      res.cookie(LOCALE_COOKIE, to, {
        path: '/',
        sameSite: 'lax',
        secure: req.secure,
        maxAge: ONE_YEAR_SECONDS * 1000,
      });
    }
    res.redirect(303, next);
  });

  // `GET /` is also the gateway's JSON liveness answer: only browsers (asking for HTML) get the page.
  router.get('/', (req, _res, next) => next(wantsHtml(req) ? undefined : 'router'));
  router.get(
    '/',
    page((req, _res, ctx) => homePage(ctx, `${req.protocol}://${req.get('host') ?? 'localhost'}`)),
  );
  router.get(
    '/login',
    page((req, res, ctx) => {
      if (ctx.viewer) {
        res.redirect(303, '/user');
        return undefined;
      }
      return loginPage(ctx, deps.loginProviders(), queryString(req.query.error));
    }),
  );
  router.get(
    '/user',
    page((_req, res, ctx) => {
      if (!ctx.viewer) {
        res.redirect(303, '/login');
        return undefined;
      }
      return userPage(ctx);
    }),
  );
  router.get(
    '/tokens',
    page((_req, _res, ctx) => tokensPage(ctx)),
  );
  const openApi = openApiDocuments(deps.version);
  router.get(OPENAPI_JSON_PATH, (req, res) => {
    res
      .set({ 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' })
      .json(openApi(req));
  });
  router.get(
    '/docs',
    page((req, _res, ctx) => docsPage(ctx, openApi(req))),
  );
  router.get(
    '/status',
    page((_req, _res, ctx) => statusPage(ctx)),
  );
  router.get(
    '/playground',
    page((_req, res, ctx) => {
      if (!ctx.viewer) {
        res.redirect(303, '/login');
        return undefined;
      }
      return playgroundPage(ctx);
    }),
  );
  router.get('/admin', async (req, res) => {
    const ctx = await context(req);
    if (!ctx.adminEnabled) send(res, notFoundPage(ctx), 404);
    else send(res, (await deps.isAdmin(req)) ? adminPage(ctx) : adminLoginPage(ctx));
  });

  return router;
}

/** An HTML 404 for browser navigations that nothing else answered; everything else falls through. */
export function webNotFound(deps: WebDeps): RequestHandler {
  const assetVersion = webAssets().version;
  return async (req, res, next) => {
    if (req.method !== 'GET' || !wantsHtml(req)) {
      next();
      return;
    }
    const locale = pickLocale(cookieValue(req, LOCALE_COOKIE), req.get('accept-language'));
    const ctx: PageContext = {
      locale,
      t: translator(locale),
      path: req.originalUrl,
      viewer: undefined,
      adminEnabled: deps.adminEnabled(),
      siteMode: await deps.siteMode(),
      version: deps.version,
      assetVersion,
    };
    res
      .status(404)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      })
      .send(notFoundPage(ctx).value);
  };
}
