// @ts-check
import {
  $,
  api,
  byId,
  el,
  fillTable,
  formatDate,
  formatNumber,
  formatPercent,
  showPageError,
  t,
} from './app.js';
import { ids } from './dom-ids.js';

/** @typedef {import('../../contract/views.ts').PublicStatusView} PublicStatusView */

const REFRESH_MS = 30_000;
/** @type {Record<PublicStatusView['status'], string>} */
const OVERALL = { ok: 'statusPage.ok', degraded: 'statusPage.degraded', unknown: 'statusPage.unknown' };
/** @type {Record<PublicStatusView['status'], string>} */
const TONE = { ok: 'ok', degraded: 'bad', unknown: 'warn' };

/** @param {PublicStatusView} status */
function show(status) {
  byId(ids.statusOverall).replaceChildren(
    el(
      'span',
      { className: `badge ${TONE[status.status]}`, dataset: { status: status.status } },
      t(OVERALL[status.status]),
    ),
  );
  byId(ids.statusMode).textContent = t(`home.mode.${status.site_mode}`);
  byId(ids.statusCheckedAt).textContent = t('statusPage.checkedAt', { time: formatDate(status.checked_at) });
  const pool = status.pool;
  byId(ids.statusPoolTotal).textContent = formatNumber(pool?.total);
  byId(ids.statusPoolCooling).textContent = formatNumber(pool?.cooling_down);
  byId(ids.statusPoolInFlight).textContent = formatNumber(pool?.in_flight);
  const states = Object.entries(pool?.by_status ?? {}).map(([state, count]) => ({ id: state, state, count }));
  fillTable($(ids.statusPoolTable, HTMLTableElement), states, (row) => [
    t(`status.${row.state}`),
    formatNumber(row.count),
  ]);
  byId(ids.statusRequests).textContent = formatNumber(status.last_24h.requests);
  byId(ids.statusErrors).textContent = formatNumber(status.last_24h.errors);
  byId(ids.statusSuccessRate).textContent = formatPercent(status.last_24h.success_rate);
  byId(ids.statusModels).replaceChildren(
    ...(status.models === null
      ? [el('li', { className: 'muted' }, t('statusPage.modelsUnknown'))]
      : status.models.map((model) => el('li', {}, el('code', {}, model)))),
  );
}

async function refresh() {
  try {
    show(await api('GET /api/status'));
  } catch (error) {
    showPageError(error);
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
