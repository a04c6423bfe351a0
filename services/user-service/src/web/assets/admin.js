// @ts-check
import {
  $,
  api,
  busy,
  button,
  drawChart,
  el,
  errorMessage,
  fillLimits,
  fillTable,
  formatCredits,
  formatDate,
  formatNumber,
  formatPercent,
  formResult,
  handleAuthError,
  input,
  limitNames,
  limitsFromForm,
  loadSession,
  pager,
  showPageError,
  statusBadge,
  t,
  timeAxis,
} from './app.js';
import { adminTabs, ids } from './dom-ids.js';

/** @typedef {import('../../contract/views.ts').AdminUserView} AdminUserView */
/** @typedef {import('../../contract/views.ts').LimitsView} LimitsView */
/** @typedef {import('../../contract/views.ts').StatsView} StatsView */
/** @typedef {import('../../contract/views.ts').UsageMeasures} UsageMeasures */

const form = (/** @type {string} */ id) => $(id, HTMLFormElement);
const table = (/** @type {string} */ id) => $(id, HTMLTableElement);
const canvas = (/** @type {string} */ id) => $(id, HTMLCanvasElement);
const text = (/** @type {string} */ id, /** @type {string} */ value) => {
  $(id, HTMLElement).textContent = value;
};

// Tabs: every panel is visible without JavaScript; with it, one at a time, following the URL hash.
const tabs = [...$(ids.adminTabs, HTMLElement).querySelectorAll('a')];
function showTab() {
  const wanted = window.location.hash.slice(1);
  const active = adminTabs.find((tab) => tab === wanted) ?? 'overview';
  for (const tab of tabs) {
    tab.classList.toggle('active', tab.dataset.tab === active);
  }
  for (const panel of adminTabs) $(panel, HTMLElement).hidden = panel !== active;
}
window.addEventListener('hashchange', showTab);
showTab();

// Overview

/** @type {StatsView | undefined} */
let stats;

function drawOverview() {
  if (!stats) return;
  const range = $(ids.range, HTMLSelectElement).value;
  /** @type {{ label: string, bucket: UsageMeasures | undefined }[]} */
  const axis = range === '24h' ? timeAxis(stats.hourly, 'hour', 24) : timeAxis(stats.daily, 'day', 30);
  const labels = axis.map((slot) => slot.label);
  const buckets = axis.map((slot) => slot.bucket);
  // Counts are 0 in an empty bucket; latencies have no value there.
  const count = (/** @type {'requests' | 'errors' | 'credits' | 'input_tokens' | 'output_tokens'} */ name) =>
    buckets.map((b) => b?.[name] ?? 0);
  /** @param {'latency_p50_ms' | 'latency_p95_ms' | 'avg_latency_ms' | 'ttft_p50_ms' | 'ttft_p95_ms' | 'avg_ttft_ms'} name */
  const pick = (name) => buckets.map((b) => b?.[name] ?? null);
  drawChart(
    canvas(ids.chartRequests),
    labels,
    [
      { label: t('chart.requests'), data: count('requests') },
      { label: t('chart.errors'), data: count('errors') },
    ],
    { integer: true },
  );
  drawChart(
    canvas(ids.chartSuccess),
    labels,
    [
      {
        label: t('chart.successRate'),
        data: buckets.map((b) =>
          b?.requests ? Math.round(((b.requests - b.errors) / b.requests) * 1000) / 10 : null,
        ),
      },
    ],
    { max: 100 },
  );
  drawChart(
    canvas(ids.chartLatency),
    labels,
    [
      {
        label: t('chart.p50'),
        data: pick('latency_p50_ms').some((v) => v !== null)
          ? pick('latency_p50_ms')
          : pick('avg_latency_ms'),
      },
      { label: t('chart.p95'), data: pick('latency_p95_ms') },
    ].filter((s) => s.data.some((v) => v !== null)),
  );
  drawChart(
    canvas(ids.chartTtft),
    labels,
    [
      {
        label: t('chart.p50'),
        data: pick('ttft_p50_ms').some((v) => v !== null) ? pick('ttft_p50_ms') : pick('avg_ttft_ms'),
      },
      { label: t('chart.p95'), data: pick('ttft_p95_ms') },
    ].filter((s) => s.data.some((v) => v !== null)),
  );
  drawChart(
    canvas(ids.chartTokens),
    labels,
    [
      { label: t('chart.inputTokens'), data: count('input_tokens') },
      { label: t('chart.outputTokens'), data: count('output_tokens') },
    ],
    { type: 'bar', stacked: true, integer: true },
  );
  drawChart(canvas(ids.chartCredits), labels, [{ label: t('chart.credits'), data: count('credits') }]);
}

async function loadStats() {
  const data = await api('GET /admin/api/stats');
  stats = data;
  const total = data.total_requests;
  const dayRequests = data.hourly.reduce((sum, b) => sum + b.requests, 0);
  const dayErrors = data.hourly.reduce((sum, b) => sum + b.errors, 0);
  text(ids.statRequests, formatNumber(data.requests_24h ?? dayRequests));
  text(
    ids.statSuccess,
    dayRequests > 0
      ? formatPercent(((dayRequests - dayErrors) / dayRequests) * 100)
      : total > 0
        ? formatPercent((data.success_requests / total) * 100)
        : '–',
  );
  text(
    ids.statLatency,
    data.avg_latency_ms == null ? '–' : `${formatNumber(Math.round(data.avg_latency_ms))} ms`,
  );
  text(ids.statUsers, formatNumber(data.users_count));
  text(ids.statTokens, data.pool ? formatNumber(data.pool.by_status.active ?? 0) : '–');
  text(ids.statBanned, formatNumber(data.banned_count));
  text(
    ids.poolLine,
    data.pool
      ? t('admin.pool', {
          total: data.pool.total,
          cooling: data.pool.cooling_down,
          inflight: data.pool.in_flight,
        })
      : '',
  );
  $(ids.toggleSite, HTMLInputElement).checked = data.site_enabled;
  $(ids.toggleSelfUse, HTMLInputElement).checked = data.self_use_enabled;
  drawOverview();
}
$(ids.range, HTMLSelectElement).addEventListener('change', drawOverview);

// Users

const usersFilter = form(ids.usersFilter);
let usersPage = 1;
const usersPager = pager($(ids.usersPager, HTMLElement), (page) => loadUsers(page));

async function loadUsers(page = usersPage) {
  usersPage = page;
  const [sortField, sortOrder] = input(usersFilter, 'sort', HTMLSelectElement).value.split(':');
  const data = await api('GET /admin/api/users', {
    query: {
      page,
      page_size: 25,
      search: input(usersFilter, 'search').value.trim(),
      is_banned: input(usersFilter, 'is_banned', HTMLSelectElement).value,
      sort_field: sortField,
      sort_order: sortOrder,
    },
  });
  fillTable(table(ids.usersTable), data.users, (user) => [
    user.username,
    user.providers.join(', '),
    formatNumber(user.trust_level),
    formatNumber(user.api_key_count),
    user.token_count > 0
      ? el('a', { href: '#tokens', onclick: () => showTokensOf(user) }, formatNumber(user.token_count))
      : formatNumber(user.token_count),
    formatDate(user.created_at),
    formatDate(user.last_login),
    statusBadge(user.is_banned ? 'banned' : 'active'),
    el(
      'td',
      { className: 'row-actions' },
      button(
        t('admin.limits'),
        busy(() => openUserLimits(user)),
      ),
      button(
        t('admin.importKeys'),
        busy(() => openImportKeys(user)),
      ),
      user.is_banned
        ? button(
            t('admin.unban'),
            busy(async () => {
              await api('POST /admin/api/users/unban', { body: { user_id: user.id } });
              await loadUsers();
            }),
          )
        : button(
            t('admin.ban'),
            busy(async () => {
              if (!window.confirm(t('admin.confirmBan', { name: user.username }))) return;
              await api('POST /admin/api/users/ban', { body: { user_id: user.id } });
              await loadUsers();
            }),
            'danger',
          ),
    ),
  ]);
  usersPager(data.pagination);
}

// Limits of one user

/** @type {AdminUserView | undefined} */
let limitsUser;
const userLimitsForm = form(ids.userLimitsForm);

/** @param {LimitsView} view */
function showUserLimits(view) {
  fillLimits(table(ids.userLimitsTable), view.limits);
  for (const name of limitNames) {
    const field = input(userLimitsForm, name);
    const override = view.overrides[name];
    field.value = override === undefined ? '' : String(override);
    field.placeholder = String(view.defaults[name] ?? '');
  }
}

/** @param {AdminUserView} user */
async function openUserLimits(user) {
  limitsUser = user;
  text(ids.userLimitsTitle, t('admin.limitsFor', { name: user.username }));
  formResult(userLimitsForm, '', true);
  showUserLimits(await api('GET /admin/api/users/:id/limits', { params: { id: user.id } }));
  $(ids.userLimits, HTMLElement).hidden = false;
  $(ids.userLimits, HTMLElement).scrollIntoView({ block: 'nearest' });
}

$(ids.userLimitsClose, HTMLButtonElement).addEventListener('click', () => {
  $(ids.userLimits, HTMLElement).hidden = true;
});

userLimitsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = /** @type {HTMLButtonElement} */ (userLimitsForm.querySelector('button[type="submit"]'));
  if (!limitsUser) return;
  submit.disabled = true;
  try {
    showUserLimits(
      await api('PUT /admin/api/users/:id/limits', {
        params: { id: limitsUser.id },
        body: limitsFromForm(userLimitsForm),
      }),
    );
    formResult(userLimitsForm, t('limits.saved'), true);
  } catch (error) {
    formResult(userLimitsForm, t('common.error', { message: errorMessage(error) }), false);
  } finally {
    submit.disabled = false;
  }
});

// Import keys of one user

/** @type {AdminUserView | undefined} */
let importKeysUser;

async function loadImportKeys() {
  if (!importKeysUser) return;
  const data = await api('GET /admin/api/import-keys', {
    query: { user_id: importKeysUser.id, page_size: 200 },
  });
  fillTable(table(ids.importKeysTable), data.keys, (key) => [
    key.name || el('span', { className: 'muted' }, '–'),
    el('code', {}, key.key_prefix),
    el(
      'span',
      { className: `badge ${key.is_active ? 'ok' : 'neutral'}` },
      t(key.is_active ? 'common.enabled' : 'common.disabled'),
    ),
    formatDate(key.created_at),
    formatDate(key.last_used),
    el(
      'td',
      { className: 'row-actions' },
      button(
        t('common.delete'),
        busy(async () => {
          if (!window.confirm(t('common.confirmDelete'))) return;
          await api('POST /admin/api/import-keys/delete', { body: { key_id: key.id } });
          await loadImportKeys();
        }),
        'danger',
      ),
    ),
  ]);
}

/** @param {AdminUserView} user */
async function openImportKeys(user) {
  importKeysUser = user;
  text(ids.importKeysTitle, t('admin.importKeysFor', { name: user.username }));
  $(ids.newImportKey, HTMLElement).hidden = true;
  $(ids.importKeys, HTMLElement).hidden = false;
  await loadImportKeys();
  $(ids.importKeys, HTMLElement).scrollIntoView({ block: 'nearest' });
}

$(ids.importKeysClose, HTMLButtonElement).addEventListener('click', () => {
  $(ids.importKeys, HTMLElement).hidden = true;
  text(ids.newImportKeyValue, '');
});

const importKeyForm = form(ids.importKeyForm);
importKeyForm.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    if (!importKeysUser) return;
    const created = await api('POST /admin/api/import-keys', {
      body: { user_id: importKeysUser.id, name: input(importKeyForm, 'name').value.trim() },
    });
    text(ids.newImportKeyValue, created.key);
    $(ids.newImportKey, HTMLElement).hidden = false;
    importKeyForm.reset();
    await loadImportKeys();
  }),
);
usersFilter.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    await loadUsers(1);
  }),
);

// Donated tokens

const tokensFilter = form(ids.tokensFilter);
let tokensPage = 1;
const tokensPager = pager($(ids.tokensPager, HTMLElement), (page) => loadTokens(page));

const ownerFilter = $(ids.tokensOwnerFilter, HTMLButtonElement);

/**
 * Follows a user's token count from the users tab: the tokens tab, filtered to that owner.
 * @param {AdminUserView} user
 */
function showTokensOf(user) {
  input(tokensFilter, 'user_id').value = user.id;
  ownerFilter.textContent = t('admin.ownerFilter', { name: user.username });
  ownerFilter.hidden = false;
  loadTokens(1).catch(showPageError);
}

ownerFilter.addEventListener(
  'click',
  busy(async () => {
    input(tokensFilter, 'user_id').value = '';
    ownerFilter.hidden = true;
    await loadTokens(1);
  }),
);

async function loadTokens(page = tokensPage) {
  tokensPage = page;
  const data = await api('GET /admin/api/donated-tokens', {
    query: {
      page,
      page_size: 25,
      visibility: input(tokensFilter, 'visibility', HTMLSelectElement).value,
      status: input(tokensFilter, 'status', HTMLSelectElement).value,
      user_id: input(tokensFilter, 'user_id').value,
    },
  });
  fillTable(table(ids.adminTokensTable), data.tokens, (token) => {
    const statusCell = el('td', { title: token.status_reason ?? '' }, statusBadge(token.status));
    return [
      token.owner_username ?? el('span', { className: 'muted' }, '–'),
      token.auth_type === 'idc' ? 'IdC' : 'Social',
      t(`visibility.${token.visibility}`),
      statusCell,
      formatPercent(token.success_rate),
      t('user.creditsUsedLeft', {
        used: formatCredits(token.credits_used),
        left: formatCredits(token.available_credits),
      }),
      formatDate(token.last_used),
      el(
        'td',
        { className: 'row-actions' },
        button(
          t(token.visibility === 'public' ? 'user.makePrivate' : 'user.makePublic'),
          busy(async () => {
            await api('POST /admin/api/donated-tokens/visibility', {
              body: { token_id: token.id, visibility: token.visibility === 'public' ? 'private' : 'public' },
            });
            await loadTokens();
          }),
        ),
        button(
          t('admin.checkNow'),
          busy(async () => {
            const { result } = await api('POST /admin/api/donated-tokens/check', {
              body: { token_id: token.id },
            });
            statusCell.replaceChildren(statusBadge(result.status));
            statusCell.title = result.reason ?? '';
          }),
        ),
        button(
          t('common.delete'),
          busy(async () => {
            if (!window.confirm(t('common.confirmDelete'))) return;
            await api('POST /admin/api/donated-tokens/delete', { body: { token_id: token.id } });
            await loadTokens();
          }),
          'danger',
        ),
      ),
    ];
  });
  tokensPager(data.pagination);
}
tokensFilter.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    await loadTokens(1);
  }),
);

// IPs

/** @param {string} ip */
async function unbanIp(ip) {
  await api('POST /admin/api/unban-ip', { body: { ip } });
  await Promise.all([loadBlacklist(), loadIps()]);
}

async function loadBlacklist() {
  const data = await api('GET /admin/api/blacklist', { query: { page_size: 200 } });
  fillTable(table(ids.blacklistTable), data.ips, (entry) => [
    el('code', {}, entry.ip),
    entry.reason,
    formatDate(entry.banned_at),
    el(
      'td',
      { className: 'row-actions' },
      button(
        t('admin.unbanIp'),
        busy(() => unbanIp(entry.ip)),
      ),
    ),
  ]);
}

const ipsFilter = form(ids.ipsFilter);
let ipsPage = 1;
const ipsPager = pager($(ids.ipsPager, HTMLElement), (page) => loadIps(page));

async function loadIps(page = ipsPage) {
  ipsPage = page;
  const [sortField, sortOrder] = input(ipsFilter, 'sort', HTMLSelectElement).value.split(':');
  const data = await api('GET /admin/api/ip-stats', {
    query: {
      page,
      page_size: 25,
      search: input(ipsFilter, 'search').value.trim(),
      sort_field: sortField,
      sort_order: sortOrder,
    },
  });
  fillTable(table(ids.ipsTable), data.ips, (entry) => [
    el('code', {}, entry.ip),
    formatNumber(entry.requests),
    formatNumber(entry.errors),
    formatDate(entry.last_seen),
    el(
      'td',
      { className: 'row-actions' },
      entry.banned
        ? button(
            t('admin.unbanIp'),
            busy(() => unbanIp(entry.ip)),
          )
        : button(
            t('admin.banIp'),
            busy(async () => {
              await api('POST /admin/api/ban-ip', { body: { ip: entry.ip, reason: '' } });
              await Promise.all([loadBlacklist(), loadIps()]);
            }),
            'danger',
          ),
    ),
  ]);
  ipsPager(data.pagination);
}
ipsFilter.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    await loadIps(1);
  }),
);

const banIpForm = form(ids.banIpForm);
banIpForm.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    await api('POST /admin/api/ban-ip', {
      body: { ip: input(banIpForm, 'ip').value.trim(), reason: input(banIpForm, 'reason').value.trim() },
    });
    banIpForm.reset();
    await Promise.all([loadBlacklist(), loadIps()]);
  }),
);

// Settings

const siteToggle = $(ids.toggleSite, HTMLInputElement);
siteToggle.addEventListener(
  'change',
  busy(async () => {
    const result = await api('POST /admin/api/toggle-site', { body: { enabled: siteToggle.checked } });
    siteToggle.checked = result.site_enabled;
  }),
);
const selfUseToggle = $(ids.toggleSelfUse, HTMLInputElement);
selfUseToggle.addEventListener(
  'change',
  busy(async () => {
    const result = await api('POST /admin/api/toggle-self-use', { body: { enabled: selfUseToggle.checked } });
    selfUseToggle.checked = result.self_use_enabled;
  }),
);

async function loadProxyKey() {
  const data = await api('GET /admin/api/proxy-key');
  text(
    ids.proxyKeyCurrent,
    data.configured
      ? `${t('admin.proxyKeyCurrent')}: ${data.key_prefix} (${t('admin.proxyKeySource', { source: data.source })})`
      : t('admin.proxyKeyNone'),
  );
}

const proxyKeyForm = form(ids.proxyKeyForm);
proxyKeyForm.addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    if (!window.confirm(t('admin.confirmRotate'))) return;
    const chosen = input(proxyKeyForm, 'proxy_api_key').value;
    const result = await api('POST /admin/api/proxy-key', { body: chosen ? { proxy_api_key: chosen } : {} });
    proxyKeyForm.reset();
    text(ids.newProxyKeyValue, result.proxy_api_key);
    $(ids.newProxyKey, HTMLElement).hidden = false;
    await loadProxyKey();
  }),
);

$(ids.flushCache, HTMLButtonElement).addEventListener(
  'click',
  busy(async () => {
    await api('POST /admin/api/clear-cache');
    text(ids.flushResult, t('common.done'));
  }),
);

async function loadAudit() {
  const data = await api('GET /admin/api/audit-log', { query: { page_size: 20 } });
  fillTable(table(ids.auditTable), data.entries, (entry) => [
    formatDate(entry.at),
    entry.actor,
    entry.action,
    entry.target ?? '',
  ]);
}

// Announcements

const announcementForm = form(ids.announcementForm);

async function loadAnnouncement() {
  const { announcement } = await api('GET /admin/api/announcement');
  if (!announcement) return;
  input(announcementForm, 'content', HTMLTextAreaElement).value = announcement.content;
  input(announcementForm, 'is_active').checked = announcement.is_active;
  input(announcementForm, 'allow_guest').checked = announcement.allow_guest;
}

announcementForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('POST /admin/api/announcement', {
      body: {
        content: input(announcementForm, 'content', HTMLTextAreaElement).value,
        is_active: input(announcementForm, 'is_active').checked,
        allow_guest: input(announcementForm, 'allow_guest').checked,
      },
    });
    formResult(announcementForm, t('common.done'), true);
  } catch (error) {
    if (!handleAuthError(error, '/admin'))
      formResult(announcementForm, t('common.error', { message: errorMessage(error) }), false);
  }
});

async function start() {
  try {
    await loadSession('GET /admin/api/session');
    const results = await Promise.allSettled([
      loadStats(),
      loadUsers(1),
      loadTokens(1),
      loadBlacklist(),
      loadIps(1),
      loadProxyKey(),
      loadAudit(),
      loadAnnouncement(),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    if (!handleAuthError(error, '/admin')) showPageError(error);
  }
}

start();
