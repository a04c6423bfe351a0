import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

/** `/`: what KiroGate is, how to call it (with this site's address), and live status. */
export function homePage(ctx: PageContext, baseUrl: string): SafeHtml {
  const { t } = ctx;
  const openai = `curl ${baseUrl}/v1/chat/completions \\
  -H "Authorization: Bearer sk-..." \\
  -H "Content-Type: application/json" \\
  -d '{"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hello"}]}'`;
  const anthropic = `curl ${baseUrl}/v1/messages \\
  -H "x-api-key: sk-..." \\
  -H "anthropic-version: 2023-06-01" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}'`;
  const claudeCode = `export ANTHROPIC_BASE_URL=${baseUrl}
export ANTHROPIC_AUTH_TOKEN=sk-...
claude`;
  const body = html`
<section class="hero">
  <h1>${t('home.title')}</h1>
  <p class="lead">${t('site.tagline')}</p>
  <p class="actions">
    <a class="button primary" href="${ctx.viewer ? '/user' : '/login'}">${t('home.start')}</a>
    ${ctx.siteMode !== 'self_use' && html`<a class="button" href="/tokens">${t('home.pool')}</a>`}
  </p>
</section>
<div class="announcement" id="${ids.announcement}" hidden></div>
<section class="card" id="status">
  <h2>${t('home.status')}</h2>
  <dl class="facts">
    <dt>${t('home.gateway')}</dt><dd id="${ids.statusHealth}">${t('common.loading')}</dd>
    <dt>${t('home.mode')}</dt><dd id="${ids.statusMode}">${t(`home.mode.${ctx.siteMode}`)}</dd>
  </dl>
</section>
<section class="card">
  <h2>${t('home.what')}</h2>
  <p>${t('home.whatText')}</p>
</section>
<section class="card">
  <h2>${t('home.how')}</h2>
  <p>${t('home.howText')} <code>${baseUrl}</code></p>
  <h3>${t('home.openai')}</h3>
  <div class="code-block"><pre class="code"><code id="${ids.codeOpenai}">${openai}</code></pre><button class="button small" type="button" data-copy="#${ids.codeOpenai}">${t('common.copy')}</button></div>
  <h3>${t('home.anthropic')}</h3>
  <div class="code-block"><pre class="code"><code id="${ids.codeAnthropic}">${anthropic}</code></pre><button class="button small" type="button" data-copy="#${ids.codeAnthropic}">${t('common.copy')}</button></div>
  <h3>${t('home.claudeCode')}</h3>
  <div class="code-block"><pre class="code"><code id="${ids.codeClaudeCode}">${claudeCode}</code></pre><button class="button small" type="button" data-copy="#${ids.codeClaudeCode}">${t('common.copy')}</button></div>
</section>`;
  return layout(ctx, { title: t('nav.home'), page: 'home', body, scripts: ['home.js'] });
}
