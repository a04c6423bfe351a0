import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

/** `/status`: filled from `/api/status` by status.js, for anyone. */
export function statusPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const loading = t('common.loading');
  const body = html`
<div class="page-head">
  <h1>${t('statusPage.title')}</h1>
  <p class="muted" id="${ids.statusCheckedAt}"></p>
</div>
<p class="alert error" id="${ids.pageError}" role="alert" hidden></p>
<section class="card">
  <p>${t('statusPage.intro')}</p>
  <dl class="facts">
    <dt>${t('statusPage.overall')}</dt><dd id="${ids.statusOverall}">${loading}</dd>
    <dt>${t('statusPage.mode')}</dt><dd id="${ids.statusMode}">${t(`home.mode.${ctx.siteMode}`)}</dd>
  </dl>
</section>
<section class="card">
  <h2>${t('statusPage.pool')}</h2>
  <div class="stats">
    <div class="stat"><div class="stat-label">${t('statusPage.total')}</div><div class="stat-value" id="${ids.statusPoolTotal}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.coolingDown')}</div><div class="stat-value" id="${ids.statusPoolCooling}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.inFlight')}</div><div class="stat-value" id="${ids.statusPoolInFlight}">–</div></div>
  </div>
  <div class="table-wrap">
    <table class="data" id="${ids.statusPoolTable}">
      <thead><tr><th>${t('statusPage.state')}</th><th>${t('statusPage.count')}</th></tr></thead>
      <tbody><tr><td colspan="2" class="muted">${loading}</td></tr></tbody>
    </table>
  </div>
</section>
<section class="card">
  <h2>${t('statusPage.last24h')}</h2>
  <div class="stats">
    <div class="stat"><div class="stat-label">${t('statusPage.requests')}</div><div class="stat-value" id="${ids.statusRequests}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.errors')}</div><div class="stat-value" id="${ids.statusErrors}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.successRate')}</div><div class="stat-value" id="${ids.statusSuccessRate}">–</div></div>
  </div>
</section>
<section class="card">
  <h2>${t('statusPage.models')}</h2>
  <ul class="model-list" id="${ids.statusModels}"><li class="muted">${loading}</li></ul>
</section>`;
  return layout(ctx, { title: t('statusPage.title'), page: 'status', body, scripts: ['status.js'] });
}
