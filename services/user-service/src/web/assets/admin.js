import {
  api,
  busy,
  button,
  drawChart,
  el,
  fillLimits,
  fillTable,
  formatCredits,
  formatDate,
  formatNumber,
  formatPercent,
  formResult,
  handleAuthError,
  limitNames,
  limitsFromForm,
  loadSession,
  pager,
  showPageError,
  statusBadge,
  t,
  timeAxis,
} from './app.js';

const $ = (id) => document.getElementById(id);

// Tabs: every panel is visible without JavaScript; with it, one at a time, following the URL hash.
const tabs = [...document.querySelectorAll('#admin-tabs a')];
function showTab() {
  const wanted = window.location.hash.slice(1);
  const active = tabs.some((tab) => tab.dataset.tab === wanted) ? wanted : 'overview';
  for (const tab of tabs) {
    tab.classList.toggle('active', tab.dataset.tab === active);
    $(tab.dataset.tab).hidden = tab.dataset.tab !== active;
  }
}
window.addEventListener('hashchange', showTab);
showTab();

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== '' && value !== undefined) search.set(name, String(value));
  return search.toString();
}

// Overview

let stats;

function drawOverview() {
  const range = $('range').value;
  const axis =
    range === '24h' ? timeAxis(stats.hourly ?? [], 'hour', 24) : timeAxis(stats.daily ?? [], 'day', 30);
  const labels = axis.map((slot) => slot.label);
  const buckets = axis.map((slot) => slot.bucket ?? {});
  // Counts are 0 in an empty bucket; latencies have no value there.
  const count = (name) => buckets.map((b) => b[name] ?? 0);
  const pick = (name) => buckets.map((b) => b[name] ?? null);
  drawChart(
    $('chart-requests'),
    labels,
    [
      { label: t('chart.requests'), data: count('requests') },
      { label: t('chart.errors'), data: count('errors') },
    ],
    { integer: true },
  );
  drawChart(
    $('chart-success'),
    labels,
    [
      {
        label: t('chart.successRate'),
        data: buckets.map((b) =>
          b.requests ? Math.round(((b.requests - b.errors) / b.requests) * 1000) / 10 : null,
        ),
      },
    ],
    { max: 100 },
  );
  drawChart(
    $('chart-latency'),
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
    $('chart-ttft'),
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
    $('chart-tokens'),
    labels,
    [
      { label: t('chart.inputTokens'), data: count('input_tokens') },
      { label: t('chart.outputTokens'), data: count('output_tokens') },
    ],
    { type: 'bar', stacked: true, integer: true },
  );
  drawChart($('chart-credits'), labels, [{ label: t('chart.credits'), data: count('credits') }]);
}

async function loadStats() {
  stats = await api('GET', '/admin/api/stats');
  const total = stats.total_requests ?? 0;
  const dayRequests = (stats.hourly ?? []).reduce((sum, b) => sum + (b.requests ?? 0), 0);
  const dayErrors = (stats.hourly ?? []).reduce((sum, b) => sum + (b.errors ?? 0), 0);
  $('stat-requests').textContent = formatNumber(stats.requests_24h ?? dayRequests);
  $('stat-success').textContent =
    dayRequests > 0
      ? formatPercent(((dayRequests - dayErrors) / dayRequests) * 100)
      : total > 0
        ? formatPercent((stats.success_requests / total) * 100)
        : '–';
  $('stat-latency').textContent =
    stats.avg_latency_ms == null ? '–' : `${formatNumber(Math.round(stats.avg_latency_ms))} ms`;
  $('stat-users').textContent = formatNumber(stats.users_count);
  $('stat-tokens').textContent = stats.pool ? formatNumber(stats.pool.by_status?.active ?? 0) : '–';
  $('stat-banned').textContent = formatNumber(stats.banned_count);
  $('pool-line').textContent = stats.pool
    ? t('admin.pool', {
        total: stats.pool.total,
        cooling: stats.pool.cooling_down,
        inflight: stats.pool.in_flight,
      })
    : '';
  $('toggle-site').checked = Boolean(stats.site_enabled);
  $('toggle-self-use').checked = Boolean(stats.self_use_enabled);
  drawOverview();
}
$('range').addEventListener('change', drawOverview);

// Users

const usersFilter = $('users-filter');
let usersPage = 1;
const usersPager = pager($('users-pager'), (page) => loadUsers(page));

async function loadUsers(page = usersPage) {
  usersPage = page;
  const f = usersFilter.elements;
  const [sortField, sortOrder] = f.sort.value.split(':');
  const data = await api(
    'GET',
    `/admin/api/users?${query({ page, page_size: 25, search: f.search.value.trim(), is_banned: f.is_banned.value, sort_field: sortField, sort_order: sortOrder })}`,
  );
  fillTable($('users-table'), data.users, (user) => [
    user.username,
    (user.providers ?? []).join(', '),
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
              await api('POST', '/admin/api/users/unban', { user_id: user.id });
              await loadUsers();
            }),
          )
        : button(
            t('admin.ban'),
            busy(async () => {
              if (!window.confirm(t('admin.confirmBan', { name: user.username }))) return;
              await api('POST', '/admin/api/users/ban', { user_id: user.id });
              await loadUsers();
            }),
            'danger',
          ),
    ),
  ]);
  usersPager(data.pagination);
}

// Limits of one user

let limitsUser;
const userLimitsForm = $('user-limits-form');

function showUserLimits(view) {
  fillLimits($('user-limits-table'), view.limits);
  for (const name of limitNames) {
    userLimitsForm.elements[name].value =
      view.overrides[name] === undefined ? '' : String(view.overrides[name]);
    userLimitsForm.elements[name].placeholder = String(view.defaults[name]);
  }
}

async function openUserLimits(user) {
  limitsUser = user;
  $('user-limits-title').textContent = t('admin.limitsFor', { name: user.username });
  formResult(userLimitsForm, '', true);
  showUserLimits(await api('GET', `/admin/api/users/${encodeURIComponent(user.id)}/limits`));
  $('user-limits').hidden = false;
  $('user-limits').scrollIntoView({ block: 'nearest' });
}

$('user-limits-close').addEventListener('click', () => {
  $('user-limits').hidden = true;
});

userLimitsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = userLimitsForm.querySelector('button[type="submit"]');
  submit.disabled = true;
  try {
    const path = `/admin/api/users/${encodeURIComponent(limitsUser.id)}/limits`;
    showUserLimits(await api('PUT', path, limitsFromForm(userLimitsForm)));
    formResult(userLimitsForm, t('limits.saved'), true);
  } catch (error) {
    formResult(userLimitsForm, t('common.error', { message: error.message }), false);
  } finally {
    submit.disabled = false;
  }
});

// Import keys of one user

let importKeysUser;

async function loadImportKeys() {
  const data = await api(
    'GET',
    `/admin/api/import-keys?${query({ user_id: importKeysUser.id, page_size: 200 })}`,
  );
  fillTable($('import-keys-table'), data.keys, (key) => [
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
          await api('POST', '/admin/api/import-keys/delete', { key_id: key.id });
          await loadImportKeys();
        }),
        'danger',
      ),
    ),
  ]);
}

async function openImportKeys(user) {
  importKeysUser = user;
  $('import-keys-title').textContent = t('admin.importKeysFor', { name: user.username });
  $('new-import-key').hidden = true;
  $('import-keys').hidden = false;
  await loadImportKeys();
  $('import-keys').scrollIntoView({ block: 'nearest' });
}

$('import-keys-close').addEventListener('click', () => {
  $('import-keys').hidden = true;
  $('new-import-key-value').textContent = '';
});

$('import-key-form').addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const created = await api('POST', '/admin/api/import-keys', {
      user_id: importKeysUser.id,
      name: form.elements.name.value.trim(),
    });
    $('new-import-key-value').textContent = created.key;
    $('new-import-key').hidden = false;
    form.reset();
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

const tokensFilter = $('tokens-filter');
let tokensPage = 1;
const tokensPager = pager($('tokens-pager'), (page) => loadTokens(page));

const ownerFilter = $('tokens-owner-filter');

/** Follows a user's token count from the users tab: the tokens tab, filtered to that owner. */
function showTokensOf(user) {
  tokensFilter.elements.user_id.value = user.id;
  ownerFilter.textContent = t('admin.ownerFilter', { name: user.username });
  ownerFilter.hidden = false;
  loadTokens(1).catch(showPageError);
}

ownerFilter.addEventListener(
  'click',
  busy(async () => {
    tokensFilter.elements.user_id.value = '';
    ownerFilter.hidden = true;
    await loadTokens(1);
  }),
);

async function loadTokens(page = tokensPage) {
  tokensPage = page;
  const f = tokensFilter.elements;
  const data = await api(
    'GET',
    `/admin/api/donated-tokens?${query({ page, page_size: 25, visibility: f.visibility.value, status: f.status.value, user_id: f.user_id.value })}`,
  );
  fillTable($('admin-tokens-table'), data.tokens, (token) => {
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
            await api('POST', '/admin/api/donated-tokens/visibility', {
              token_id: token.id,
              visibility: token.visibility === 'public' ? 'private' : 'public',
            });
            await loadTokens();
          }),
        ),
        button(
          t('admin.checkNow'),
          busy(async () => {
            const { result } = await api('POST', '/admin/api/donated-tokens/check', { token_id: token.id });
            statusCell.replaceChildren(statusBadge(result.status));
            statusCell.title = result.reason ?? '';
          }),
        ),
        button(
          t('common.delete'),
          busy(async () => {
            if (!window.confirm(t('common.confirmDelete'))) return;
            await api('POST', '/admin/api/donated-tokens/delete', { token_id: token.id });
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

async function unbanIp(ip) {
  await api('POST', '/admin/api/unban-ip', { ip });
  await Promise.all([loadBlacklist(), loadIps()]);
}

async function loadBlacklist() {
  const data = await api('GET', '/admin/api/blacklist?page_size=200');
  fillTable($('blacklist-table'), data.ips, (entry) => [
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

const ipsFilter = $('ips-filter');
let ipsPage = 1;
const ipsPager = pager($('ips-pager'), (page) => loadIps(page));

async function loadIps(page = ipsPage) {
  ipsPage = page;
  const f = ipsFilter.elements;
  const [sortField, sortOrder] = f.sort.value.split(':');
  const data = await api(
    'GET',
    `/admin/api/ip-stats?${query({ page, page_size: 25, search: f.search.value.trim(), sort_field: sortField, sort_order: sortOrder })}`,
  );
  fillTable($('ips-table'), data.ips, (entry) => [
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
              await api('POST', '/admin/api/ban-ip', { ip: entry.ip, reason: '' });
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

$('ban-ip-form').addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    await api('POST', '/admin/api/ban-ip', {
      ip: form.elements.ip.value.trim(),
      reason: form.elements.reason.value.trim(),
    });
    form.reset();
    await Promise.all([loadBlacklist(), loadIps()]);
  }),
);

// Settings

function toggle(id, path, field) {
  const box = $(id);
  box.addEventListener(
    'change',
    busy(async () => {
      const result = await api('POST', path, { enabled: box.checked });
      box.checked = Boolean(result[field]);
    }),
  );
}
toggle('toggle-site', '/admin/api/toggle-site', 'site_enabled');
toggle('toggle-self-use', '/admin/api/toggle-self-use', 'self_use_enabled');

async function loadProxyKey() {
  const data = await api('GET', '/admin/api/proxy-key');
  $('proxy-key-current').textContent = data.configured
    ? `${t('admin.proxyKeyCurrent')}: ${data.key_prefix} (${t('admin.proxyKeySource', { source: data.source })})`
    : t('admin.proxyKeyNone');
}

$('proxy-key-form').addEventListener(
  'submit',
  busy(async (event) => {
    event.preventDefault();
    if (!window.confirm(t('admin.confirmRotate'))) return;
    const form = event.currentTarget;
    const chosen = form.elements.proxy_api_key.value;
    const result = await api('POST', '/admin/api/proxy-key', chosen ? { proxy_api_key: chosen } : {});
    form.reset();
    $('new-proxy-key-value').textContent = result.proxy_api_key;
    $('new-proxy-key').hidden = false;
    await loadProxyKey();
  }),
);

$('flush-cache').addEventListener(
  'click',
  busy(async () => {
    await api('POST', '/admin/api/clear-cache');
    $('flush-result').textContent = t('common.done');
  }),
);

async function loadAudit() {
  const data = await api('GET', '/admin/api/audit-log?page_size=20');
  fillTable($('audit-table'), data.entries, (entry) => [
    formatDate(entry.at),
    entry.actor,
    entry.action,
    entry.target ?? '',
  ]);
}

// Announcements

const announcementForm = $('announcement-form');

async function loadAnnouncement() {
  const { announcement } = await api('GET', '/admin/api/announcement');
  if (!announcement) return;
  announcementForm.elements.content.value = announcement.content;
  announcementForm.elements.is_active.checked = Boolean(announcement.is_active);
  announcementForm.elements.allow_guest.checked = Boolean(announcement.allow_guest);
}

announcementForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = announcementForm.elements;
  try {
    await api('POST', '/admin/api/announcement', {
      content: f.content.value,
      is_active: f.is_active.checked,
      allow_guest: f.allow_guest.checked,
    });
    formResult(announcementForm, t('common.done'), true);
  } catch (error) {
    if (!handleAuthError(error, '/admin'))
      formResult(announcementForm, t('common.error', { message: error.message }), false);
  }
});

async function start() {
  try {
    await loadSession('/admin/api/session');
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
