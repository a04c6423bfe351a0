// @ts-check
import { $, api, el, fillTable, formatDate, formatPercent, showPageError, t } from './app.js';
import { ids } from './dom-ids.js';

// In self-use mode the page has no pool table.
if (document.getElementById(ids.poolTable)) {
  const table = $(ids.poolTable, HTMLTableElement);
  api('GET /api/public-tokens')
    .then((data) => {
      const rates = data.tokens.map((token) => token.success_rate);
      const average = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null;
      $(ids.poolSummary, HTMLElement).textContent = t('tokens.count', {
        count: data.count,
        rate: formatPercent(average),
      });
      fillTable(table, data.tokens, (token) => [
        token.username ?? el('span', { className: 'muted' }, t('tokens.anonymous')),
        formatPercent(token.success_rate),
        formatDate(token.last_used),
      ]);
    })
    .catch(showPageError);
}
