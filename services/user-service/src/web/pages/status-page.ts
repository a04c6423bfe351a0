import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';
import { pageIds } from '../page-ids.ts';

export const statusIds = {
  overall: 'status-overall',
  mode: 'status-mode',
  checkedAt: 'status-checked-at',
  poolTotal: 'status-pool-total',
  poolCooling: 'status-pool-cooling',
  poolInFlight: 'status-pool-in-flight',
  poolTable: 'status-pool-table',
  models: 'status-models',
  requests: 'status-requests',
  errors: 'status-errors',
  successRate: 'status-success-rate',
} as const;

/** `/status`: filled from `/api/status` by status.js, for anyone. */
export function statusPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const loading = t('common.loading');
  const body = html`
${pageIds(statusIds)}
<div class="page-head">
  <h1>${t('statusPage.title')}</h1>
  <p class="muted" id="${statusIds.checkedAt}"></p>
</div>
<p class="alert error" id="page-error" role="alert" hidden></p>
<section class="card">
  <p>${t('statusPage.intro')}</p>
  <dl class="facts">
    <dt>${t('statusPage.overall')}</dt><dd id="${statusIds.overall}">${loading}</dd>
    <dt>${t('statusPage.mode')}</dt><dd id="${statusIds.mode}">${t(`home.mode.${ctx.siteMode}`)}</dd>
  </dl>
</section>
<section class="card">
  <h2>${t('statusPage.pool')}</h2>
  <div class="stats">
    <div class="stat"><div class="stat-label">${t('statusPage.total')}</div><div class="stat-value" id="${statusIds.poolTotal}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.coolingDown')}</div><div class="stat-value" id="${statusIds.poolCooling}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.inFlight')}</div><div class="stat-value" id="${statusIds.poolInFlight}">–</div></div>
  </div>
  <div class="table-wrap">
    <table class="data" id="${statusIds.poolTable}">
      <thead><tr><th>${t('statusPage.state')}</th><th>${t('statusPage.count')}</th></tr></thead>
      <tbody><tr><td colspan="2" class="muted">${loading}</td></tr></tbody>
    </table>
  </div>
</section>
<section class="card">
  <h2>${t('statusPage.last24h')}</h2>
  <div class="stats">
    <div class="stat"><div class="stat-label">${t('statusPage.requests')}</div><div class="stat-value" id="${statusIds.requests}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.errors')}</div><div class="stat-value" id="${statusIds.errors}">–</div></div>
    <div class="stat"><div class="stat-label">${t('statusPage.successRate')}</div><div class="stat-value" id="${statusIds.successRate}">–</div></div>
  </div>
</section>
<section class="card">
  <h2>${t('statusPage.models')}</h2>
  <ul class="model-list" id="${statusIds.models}"><li class="muted">${loading}</li></ul>
</section>`;
  return layout(ctx, { title: t('statusPage.title'), page: 'status', body, scripts: ['status.js'] });
}
