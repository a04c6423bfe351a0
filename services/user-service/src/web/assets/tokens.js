import { api, el, fillTable, formatDate, formatPercent, showPageError, t } from './app.js';

const table = document.getElementById('pool-table');

if (table) {
  api('GET', '/api/public-tokens')
    .then((data) => {
      const rates = data.tokens.map((token) => token.success_rate).filter((rate) => typeof rate === 'number');
      const average = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null;
      document.getElementById('pool-summary').textContent = t('tokens.count', {
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
