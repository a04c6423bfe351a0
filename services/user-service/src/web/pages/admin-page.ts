import { adminTabs, ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import type { MessageKey } from '../i18n/en.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';
import { limitInputs, limitsTable } from './limit-fields.ts';

/** `/admin` with an admin session; admin.js fills every section from `/admin/api/*`. */
export function adminPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  /** A tab's panel: its id is the tab's name, which admin.js shows for the URL hash. */
  const panel = (tab: (typeof adminTabs)[number]) => tab;
  const head = (keys: MessageKey[]) =>
    html`<thead><tr>${keys.map((key) => html`<th>${t(key)}</th>`)}</tr></thead>`;
  const emptyBody = (columns: number) =>
    html`<tbody><tr><td colspan="${columns}" class="muted">${t('common.loading')}</td></tr></tbody>`;
  const stat = (id: string, key: MessageKey) =>
    html`<div class="stat"><span class="stat-label">${t(key)}</span><span class="stat-value" id="${id}">–</span></div>`;
  const chart = (id: string, key: MessageKey) =>
    html`<figure class="chart"><figcaption>${t(key)}</figcaption><div class="chart-box"><canvas id="${id}"></canvas></div></figure>`;
  const pager = (id: string) =>
    html`<div class="pager" id="${id}"><button class="button" type="button" data-page="prev">${t('common.prev')}</button><span class="pager-label"></span><button class="button" type="button" data-page="next">${t('common.next')}</button></div>`;
  const statusOptions = html`<option value="">${t('common.status')}</option>${(
    ['active', 'invalid', 'disabled', 'suspended', 'quota_exhausted'] as const
  ).map((s) => html`<option value="${s}">${t(`status.${s}`)}</option>`)}`;

  const body = html`
<div class="page-head">
  <h1>${t('admin.title')}</h1>
  <a class="button" href="/admin/logout">${t('admin.logout')}</a>
</div>
<nav class="tabs" id="${ids.adminTabs}">
  ${adminTabs.map((tab) => html`<a href="#${tab}" data-tab="${tab}">${t(`admin.tab.${tab}`)}</a>`)}
</nav>
<p class="alert error" id="${ids.pageError}" role="alert" hidden></p>

<section class="card tab-panel" id="${panel('overview')}">
  <h2>${t('admin.tab.overview')}</h2>
  <div class="stats">
    ${stat(ids.statRequests, 'admin.stat.requests')}
    ${stat(ids.statSuccess, 'admin.stat.successRate')}
    ${stat(ids.statLatency, 'admin.stat.latency')}
    ${stat(ids.statUsers, 'admin.stat.users')}
    ${stat(ids.statTokens, 'admin.stat.tokens')}
    ${stat(ids.statBanned, 'admin.stat.banned')}
  </div>
  <p class="muted" id="${ids.poolLine}"></p>
  <label class="inline">${t('admin.range')}
    <select id="${ids.range}">
      <option value="24h">${t('admin.range.24h')}</option>
      <option value="30d">${t('admin.range.30d')}</option>
    </select>
  </label>
  <div class="charts">
    ${chart(ids.chartRequests, 'chart.requests')}
    ${chart(ids.chartSuccess, 'chart.successRate')}
    ${chart(ids.chartLatency, 'chart.latency')}
    ${chart(ids.chartTtft, 'chart.ttft')}
    ${chart(ids.chartTokens, 'chart.tokens')}
    ${chart(ids.chartCredits, 'chart.credits')}
  </div>
</section>

<section class="card tab-panel" id="${panel('users')}">
  <h2>${t('admin.tab.users')}</h2>
  <form class="inline-form" id="${ids.usersFilter}">
    <input type="search" name="search" placeholder="${t('common.search')}" aria-label="${t('common.search')}">
    <select name="sort" aria-label="${t('common.sortBy')}">
      <option value="created_at:desc">${t('common.created')} ↓</option>
      <option value="created_at:asc">${t('common.created')} ↑</option>
      <option value="last_login:desc">${t('admin.lastLogin')} ↓</option>
      <option value="username:asc">${t('admin.user')} A–Z</option>
    </select>
    <select name="is_banned" aria-label="${t('common.status')}">
      <option value="">${t('common.status')}</option>
      <option value="false">${t('status.active')}</option>
      <option value="true">${t('status.banned')}</option>
    </select>
    <button class="button" type="submit">${t('common.search')}</button>
  </form>
  <div class="table-wrap"><table class="data" id="${ids.usersTable}">
    ${head(['admin.user', 'admin.provider', 'admin.trustLevel', 'admin.keyCount', 'admin.tokenCount', 'common.created', 'admin.lastLogin', 'common.status', 'common.actions'])}
    ${emptyBody(9)}
  </table></div>
  ${pager(ids.usersPager)}
  <div class="subpanel" id="${ids.userLimits}" hidden>
    <div class="page-head">
      <h3 id="${ids.userLimitsTitle}"></h3>
      <button class="button small" type="button" id="${ids.userLimitsClose}">${t('admin.close')}</button>
    </div>
    ${limitsTable(ctx, ids.userLimitsTable)}
    <p class="muted">${t('admin.limitsIntro')}</p>
    <form class="stack-form" id="${ids.userLimitsForm}">
      ${limitInputs(ctx)}
      <button class="button primary" type="submit">${t('limits.save')}</button>
      <p class="form-result" role="status"></p>
    </form>
  </div>
  <div class="subpanel" id="${ids.importKeys}" hidden>
    <div class="page-head">
      <h3 id="${ids.importKeysTitle}"></h3>
      <button class="button small" type="button" id="${ids.importKeysClose}">${t('admin.close')}</button>
    </div>
    <p class="muted">${t('admin.importKeysIntro')}</p>
    <form class="inline-form" id="${ids.importKeyForm}">
      <input name="name" maxlength="64" placeholder="${t('user.keyName')}" aria-label="${t('user.keyName')}">
      <button class="button primary" type="submit">${t('admin.createImportKey')}</button>
    </form>
    <div class="secret-box" id="${ids.newImportKey}" hidden>
      <p>${t('admin.newImportKey')}</p>
      <div class="copy-row"><code id="${ids.newImportKeyValue}"></code><button class="button" type="button" data-copy="#${ids.newImportKeyValue}">${t('common.copy')}</button></div>
    </div>
    <div class="table-wrap"><table class="data" id="${ids.importKeysTable}">
      ${head(['user.keyName', 'user.keyPrefix', 'common.status', 'common.created', 'common.lastUsed', 'common.actions'])}
      <tbody></tbody>
    </table></div>
  </div>
</section>

<section class="card tab-panel" id="${panel('tokens')}">
  <h2>${t('admin.tab.tokens')}</h2>
  <form class="inline-form" id="${ids.tokensFilter}">
    <select name="visibility" aria-label="${t('user.visibility')}">
      <option value="">${t('user.visibility')}</option>
      <option value="public">${t('visibility.public')}</option>
      <option value="private">${t('visibility.private')}</option>
    </select>
    <select name="status" aria-label="${t('common.status')}">${statusOptions}</select>
    <input type="hidden" name="user_id">
    <button class="button" type="submit">${t('common.search')}</button>
    <button class="button small" type="button" id="${ids.tokensOwnerFilter}" hidden></button>
  </form>
  <div class="table-wrap"><table class="data" id="${ids.adminTokensTable}">
    ${head(['admin.owner', 'user.authType', 'user.visibility', 'common.status', 'user.successRate', 'user.credits', 'common.lastUsed', 'common.actions'])}
    ${emptyBody(8)}
  </table></div>
  ${pager(ids.tokensPager)}
</section>

<section class="card tab-panel" id="${panel('ips')}">
  <h2>${t('admin.blacklist')}</h2>
  <form class="inline-form" id="${ids.banIpForm}">
    <input name="ip" required placeholder="${t('admin.ip')}" aria-label="${t('admin.ip')}">
    <input name="reason" placeholder="${t('admin.reason')}" aria-label="${t('admin.reason')}">
    <button class="button danger" type="submit">${t('admin.banIp')}</button>
  </form>
  <div class="table-wrap"><table class="data" id="${ids.blacklistTable}">
    ${head(['admin.ip', 'admin.reason', 'common.created', 'common.actions'])}
    ${emptyBody(4)}
  </table></div>
  <h2>${t('admin.ipStats')}</h2>
  <form class="inline-form" id="${ids.ipsFilter}">
    <input type="search" name="search" placeholder="${t('common.search')}" aria-label="${t('common.search')}">
    <select name="sort" aria-label="${t('common.sortBy')}">
      <option value="requests:desc">${t('admin.ipRequests')} ↓</option>
      <option value="last_seen:desc">${t('admin.lastSeen')} ↓</option>
    </select>
    <button class="button" type="submit">${t('common.search')}</button>
  </form>
  <div class="table-wrap"><table class="data" id="${ids.ipsTable}">
    ${head(['admin.ip', 'admin.ipRequests', 'chart.errors', 'admin.lastSeen', 'common.actions'])}
    ${emptyBody(5)}
  </table></div>
  ${pager(ids.ipsPager)}
</section>

<section class="card tab-panel" id="${panel('settings')}">
  <h2>${t('admin.site')}</h2>
  <label class="check"><input type="checkbox" id="${ids.toggleSite}"> ${t('admin.siteEnabled')}</label>
  <label class="check"><input type="checkbox" id="${ids.toggleSelfUse}"> ${t('admin.selfUse')}</label>
  <h2>${t('admin.proxyKey')}</h2>
  <p class="muted">${t('admin.proxyKeyIntro')}</p>
  <p id="${ids.proxyKeyCurrent}" class="muted"></p>
  <form class="inline-form" id="${ids.proxyKeyForm}">
    <input name="proxy_api_key" type="password" minlength="16" autocomplete="off" placeholder="${t('admin.proxyKeyPlaceholder')}" aria-label="${t('admin.proxyKey')}">
    <button class="button danger" type="submit">${t('admin.rotate')}</button>
  </form>
  <div class="secret-box" id="${ids.newProxyKey}" hidden>
    <p>${t('admin.newProxyKey')}</p>
    <div class="copy-row"><code id="${ids.newProxyKeyValue}"></code><button class="button" type="button" data-copy="#${ids.newProxyKeyValue}">${t('common.copy')}</button></div>
  </div>
  <h2>${t('admin.caches')}</h2>
  <button class="button" type="button" id="${ids.flushCache}">${t('admin.flushCache')}</button>
  <span class="form-result" id="${ids.flushResult}" role="status"></span>
  <h2>${t('admin.auditLog')}</h2>
  <div class="table-wrap"><table class="data" id="${ids.auditTable}">
    ${head(['common.created', 'admin.actor', 'admin.action', 'admin.target'])}
    ${emptyBody(4)}
  </table></div>
</section>

<section class="card tab-panel" id="${panel('announcements')}">
  <h2>${t('admin.tab.announcements')}</h2>
  <form class="stack-form" id="${ids.announcementForm}">
    <label>${t('admin.announcementContent')} <textarea name="content" rows="5"></textarea></label>
    <label class="check"><input type="checkbox" name="is_active" value="true" checked> ${t('admin.announcementActive')}</label>
    <label class="check"><input type="checkbox" name="allow_guest" value="true"> ${t('admin.announcementGuests')}</label>
    <button class="button primary" type="submit">${t('admin.publish')}</button>
    <p class="form-result" role="status"></p>
  </form>
</section>`;
  return layout(ctx, { title: t('admin.title'), page: 'admin', body, charts: true, scripts: ['admin.js'] });
}
