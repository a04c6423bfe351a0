import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';
import { limitInputs, limitsTable } from './limit-fields.ts';

/** `/user`: keys, donated tokens and usage; the lists are filled by user.js from `/user/api/*`. */
export function userPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const selfUse = ctx.siteMode === 'self_use';
  const visibilityOptions = html`
      <option value="private">${t('visibility.private')}</option>
      ${!selfUse && html`<option value="public">${t('visibility.public')}</option>`}`;
  const body = html`
<div class="page-head">
  <h1>${t('user.title')}</h1>
  <p class="muted">${t('user.hello', { name: ctx.viewer?.username ?? '' })}</p>
</div>
<div class="announcement" id="${ids.announcement}" hidden></div>
<p class="alert error" id="${ids.pageError}" role="alert" hidden></p>

<section class="card" id="${ids.keysSection}">
  <h2>${t('user.keys')}</h2>
  <p class="muted">${t('user.keysIntro')}</p>
  <form class="inline-form" id="${ids.createKeyForm}">
    <label>${t('user.keyName')} <input name="name" maxlength="64" placeholder="${t('user.keyNamePlaceholder')}"></label>
    <button class="button primary" type="submit">${t('user.createKey')}</button>
  </form>
  <div class="secret-box" id="${ids.newKey}" hidden>
    <p>${t('user.newKey')}</p>
    <div class="copy-row"><code id="${ids.newKeyValue}"></code><button class="button" type="button" data-copy="#${ids.newKeyValue}">${t('common.copy')}</button></div>
    <p class="muted" id="${ids.newKeyPool}" hidden>${t('user.publicPoolNote')}</p>
  </div>
  <div class="table-wrap">
    <table class="data" id="${ids.keysTable}">
      <thead><tr><th>${t('user.keyName')}</th><th>${t('user.keyPrefix')}</th><th>${t('common.status')}</th><th>${t('user.requests')}</th><th>${t('common.lastUsed')}</th><th>${t('common.created')}</th><th>${t('common.actions')}</th></tr></thead>
      <tbody><tr><td colspan="7" class="muted">${t('common.loading')}</td></tr></tbody>
    </table>
  </div>
</section>

<section class="card" id="${ids.limitsSection}">
  <h2>${t('limits.title')}</h2>
  <p class="muted">${t('limits.intro')}</p>
  ${limitsTable(ctx, ids.limitsTable)}
  <h3>${t('limits.keyTitle')}</h3>
  <p class="muted">${t('limits.keyIntro')}</p>
  <form class="stack-form" id="${ids.keyLimitsForm}">
    <label>${t('limits.key')} <select name="key_id" required></select></label>
    ${limitInputs(ctx)}
    <button class="button primary" type="submit">${t('limits.save')}</button>
    <p class="form-result" role="status"></p>
  </form>
  ${limitsTable(ctx, ids.keyLimitsTable)}
</section>

<section class="card" id="${ids.donateSection}">
  <h2>${t('user.tokens')}</h2>
  <p class="muted">${t('user.tokensIntro')}</p>
  <div class="two-col">
    <form class="stack-form" id="${ids.donateForm}">
      <h3>${t('user.donate')}</h3>
      <label>${t('user.refreshToken')} <textarea name="refresh_token" rows="3" required autocomplete="off" spellcheck="false"></textarea></label>
      <label>${t('user.authType')}
        <select name="auth_type" id="${ids.authType}">
          <option value="social">${t('user.authSocial')}</option>
          <option value="idc">${t('user.authIdc')}</option>
        </select>
      </label>
      <div class="idc-fields" id="${ids.idcFields}" hidden>
        <label>${t('user.clientId')} <input name="client_id" autocomplete="off" spellcheck="false"></label>
        <label>${t('user.clientSecret')} <input name="client_secret" type="password" autocomplete="off"></label>
      </div>
      <label>${t('user.visibility')} <select name="visibility">${visibilityOptions}</select></label>
      ${!selfUse && html`<label class="check"><input type="checkbox" name="anonymous" value="true"> ${t('user.anonymous')}</label>`}
      <button class="button primary" type="submit">${t('user.submitDonate')}</button>
      <p class="form-result" role="status"></p>
    </form>
    <form class="stack-form" id="${ids.importForm}">
      <h3>${t('user.bulk')}</h3>
      <p class="muted">${t('user.bulkIntro')}</p>
      <label>${t('user.bulkText')} <textarea name="tokens_text" rows="4" autocomplete="off" spellcheck="false"></textarea></label>
      <label>${t('user.bulkFile')} <input type="file" name="file" accept=".json,.txt,application/json,text/plain"></label>
      <label>${t('user.visibility')} <select name="visibility">${visibilityOptions}</select></label>
      ${!selfUse && html`<label class="check"><input type="checkbox" name="anonymous" value="true"> ${t('user.anonymous')}</label>`}
      <button class="button primary" type="submit">${t('user.submitImport')}</button>
      <p class="form-result" role="status"></p>
    </form>
  </div>
  <div class="table-wrap">
    <table class="data" id="${ids.tokensTable}">
      <thead><tr><th>ID</th><th>${t('user.authType')}</th><th>${t('user.visibility')}</th><th>${t('common.status')}</th><th>${t('user.successRate')}</th><th>${t('user.credits')}</th><th>${t('common.lastUsed')}</th><th>${t('common.actions')}</th></tr></thead>
      <tbody><tr><td colspan="8" class="muted">${t('common.loading')}</td></tr></tbody>
    </table>
  </div>
</section>

<section class="card" id="${ids.usageSection}">
  <h2>${t('user.usage')}</h2>
  <p class="muted">${t('user.usageIntro')}</p>
  <div class="charts">
    <figure class="chart"><figcaption>${t('chart.requests')}</figcaption><div class="chart-box"><canvas id="${ids.chartRequests}"></canvas></div></figure>
    <figure class="chart"><figcaption>${t('chart.tokens')}</figcaption><div class="chart-box"><canvas id="${ids.chartTokens}"></canvas></div></figure>
    <figure class="chart"><figcaption>${t('chart.credits')}</figcaption><div class="chart-box"><canvas id="${ids.chartCredits}"></canvas></div></figure>
  </div>
</section>`;
  return layout(ctx, { title: t('user.title'), page: 'user', body, charts: true, scripts: ['user.js'] });
}
