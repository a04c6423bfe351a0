// @ts-check
import { $, api, showAnnouncement, t } from './app.js';
import { ids } from './dom-ids.js';

const health = $(ids.statusHealth, HTMLElement);

/** @type {Record<string, string>} */
const HEALTH = { healthy: 'home.statusOk', ok: 'home.statusOk', degraded: 'home.statusDegraded' };

// /health answers 503 with a report when unhealthy, which api() turns into an error.
api('GET /health')
  .then((data) => {
    health.textContent = t(HEALTH[data.status] ?? 'home.statusDown');
  })
  .catch(() => {
    health.textContent = t('home.statusDown');
  });

api('GET /api/site-mode')
  .then((data) => {
    $(ids.statusMode, HTMLElement).textContent = t(`home.mode.${data.mode}`);
  })
  .catch(() => undefined);

api('GET /api/announcement')
  .then((data) => showAnnouncement(document.getElementById(ids.announcement), data.announcement))
  .catch(() => undefined);
