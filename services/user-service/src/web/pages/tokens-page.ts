import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

/** `/tokens`: the public pool, filled from `/api/public-tokens`. */
export function tokensPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const body =
    ctx.siteMode === 'self_use'
      ? html`<section class="card"><h1>${t('tokens.title')}</h1><p>${t('tokens.selfUse')}</p></section>`
      : html`
<section class="card">
  <h1>${t('tokens.title')}</h1>
  <p>${t('tokens.intro')}</p>
  <p class="muted" id="${ids.poolSummary}"></p>
  <div class="table-wrap">
    <table class="data" id="${ids.poolTable}">
      <thead><tr><th>${t('tokens.contributor')}</th><th>${t('user.successRate')}</th><th>${t('common.lastUsed')}</th></tr></thead>
      <tbody><tr><td colspan="3" class="muted">${t('common.loading')}</td></tr></tbody>
    </table>
  </div>
</section>`;
  return layout(ctx, { title: t('tokens.title'), page: 'tokens', body, scripts: ['tokens.js'] });
}
