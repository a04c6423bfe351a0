import { api, el, fillTable, formatDate, formatNumber, formatPercent, showPageError, t } from './app.js';
import { byId } from './ids.js';

const REFRESH_MS = 30_000;
const OVERALL = { ok: 'statusPage.ok', degraded: 'statusPage.degraded', unknown: 'statusPage.unknown' };
const TONE = { ok: 'ok', degraded: 'bad', unknown: 'warn' };

/** @param {{ status: 'ok' | 'degraded' | 'unknown', site_mode: string, pool: null | { total: number, by_status: Record<string, number>, cooling_down: number, in_flight: number }, models: string[] | null, last_24h: { requests: number, errors: number, success_rate: number | null }, checked_at: string }} status */
function show(status) {
  byId('overall').replaceChildren(
    el(
      'span',
      { className: `badge ${TONE[status.status]}`, dataset: { status: status.status } },
      t(OVERALL[status.status]),
    ),
  );
  byId('mode').textContent = t(`home.mode.${status.site_mode}`);
  byId('checkedAt').textContent = t('statusPage.checkedAt', { time: formatDate(status.checked_at) });
  const pool = status.pool;
  byId('poolTotal').textContent = formatNumber(pool?.total);
  byId('poolCooling').textContent = formatNumber(pool?.cooling_down);
  byId('poolInFlight').textContent = formatNumber(pool?.in_flight);
  const states = Object.entries(pool?.by_status ?? {}).map(([state, count]) => ({ id: state, state, count }));
  fillTable(byId('poolTable'), states, (row) => [t(`status.${row.state}`), formatNumber(row.count)]);
  byId('requests').textContent = formatNumber(status.last_24h.requests);
  byId('errors').textContent = formatNumber(status.last_24h.errors);
  byId('successRate').textContent = formatPercent(status.last_24h.success_rate);
  byId('models').replaceChildren(
    ...(status.models === null
      ? [el('li', { className: 'muted' }, t('statusPage.modelsUnknown'))]
      : status.models.map((model) => el('li', {}, el('code', {}, model)))),
  );
}

async function refresh() {
  try {
    show(await api('GET', '/api/status'));
  } catch (error) {
    showPageError(error);
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
