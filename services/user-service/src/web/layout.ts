import { ids } from './assets/dom-ids.js';
import { html, jsonForScript, type SafeHtml } from './html.ts';
import { type Locale, locales, messagesFor } from './i18n/locale.ts';
import type { PageContext } from './page-context.ts';

export interface LayoutOptions {
  title: string;
  /** `data-page` on the body; styles and scripts key off it. */
  page: string;
  body: SafeHtml;
  /** Page scripts under /assets/, loaded as modules after the shared one. */
  scripts?: readonly string[];
  /** Load Chart.js first. */
  charts?: boolean;
}

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

/** The page shell: header with navigation and language switch, main content, footer. */
export function layout(ctx: PageContext, options: LayoutOptions): SafeHtml {
  const { t } = ctx;
  const asset = (name: string) => `/assets/${name}?v=${ctx.assetVersion}`;
  const navLink = (href: string, label: string) =>
    html`<a href="${href}"${ctx.path.split('?')[0] === href ? html` aria-current="page"` : ''}>${label}</a>`;
  const languageLinks = locales.map((locale) =>
    locale === ctx.locale
      ? html`<span class="lang-current" lang="${locale}">${LANGUAGE_NAMES[locale]}</span>`
      : html`<a href="${`/lang?to=${encodeURIComponent(locale)}&next=${encodeURIComponent(ctx.path)}`}" lang="${locale}" hreflang="${locale}">${LANGUAGE_NAMES[locale]}</a>`,
  );
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · KiroGate</title>
<link rel="icon" href="${asset('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${asset('app.css')}">
<script type="application/json" id="${ids.i18n}">${jsonForScript({ locale: ctx.locale, messages: messagesFor(ctx.locale) })}</script>
${options.charts && html`<script src="${asset('vendor/chart.umd.js')}" defer></script>`}
${(options.scripts ?? []).map((name) => html`<script type="module" src="${asset(name)}"></script>`)}
</head>
<body data-page="${options.page}">
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/">KiroGate</a>
    <nav class="nav" aria-label="${t('nav.menu')}">
      ${navLink('/', t('nav.home'))}
      ${ctx.siteMode !== 'self_use' && navLink('/tokens', t('nav.tokens'))}
      ${navLink('/docs', t('nav.docs'))}
      ${ctx.viewer && navLink('/playground', t('nav.playground'))}
      ${navLink('/status', t('nav.status'))}
      ${ctx.viewer ? navLink('/user', t('nav.user')) : navLink('/login', t('nav.login'))}
      ${ctx.adminEnabled && navLink('/admin', t('nav.admin'))}
      ${ctx.viewer && html`<a href="/oauth2/logout" class="nav-logout">${t('nav.logout')}</a>`}
    </nav>
    <div class="lang" aria-label="${t('nav.language')}">${languageLinks}</div>
  </div>
</header>
<main class="container">
${options.body}
</main>
<footer class="footer"><div class="container">${t('footer.text')} · v${ctx.version}</div></footer>
</body>
</html>
`;
}
