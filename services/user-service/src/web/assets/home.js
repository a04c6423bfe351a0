import { api, showAnnouncement, t } from './app.js';

const health = document.getElementById('status-health');

const HEALTH = { healthy: 'home.statusOk', ok: 'home.statusOk', degraded: 'home.statusDegraded' };

// /health answers 503 with a report when unhealthy, which api() turns into an error.
api('GET', '/health')
  .then((data) => {
    health.textContent = t(HEALTH[data.status] ?? 'home.statusDown');
  })
  .catch(() => {
    health.textContent = t('home.statusDown');
  });

api('GET', '/api/site-mode')
  .then((data) => {
    document.getElementById('status-mode').textContent = t(`home.mode.${data.mode}`);
  })
  .catch(() => undefined);

api('GET', '/api/announcement')
  .then((data) => showAnnouncement(document.getElementById('announcement'), data.announcement))
  .catch(() => undefined);
