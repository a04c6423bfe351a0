import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';
import { pageIds } from '../page-ids.ts';

export const playgroundIds = {
  keyForm: 'pg-key-form',
  keySelect: 'pg-key',
  noKeys: 'pg-no-keys',
  secretInput: 'pg-secret',
  secretResult: 'pg-secret-result',
  forget: 'pg-forget',
  newKey: 'pg-new-key',
  newKeyBox: 'pg-new-key-box',
  newKeyValue: 'pg-new-key-value',
  modelSelect: 'pg-model',
  system: 'pg-system',
  log: 'pg-log',
  chatForm: 'pg-chat-form',
  message: 'pg-message',
  send: 'pg-send',
  stop: 'pg-stop',
  clear: 'pg-clear',
  usage: 'pg-usage',
} as const;

/**
 * `/playground` (signed in): pick a key and give its secret once (or mint a key here), pick a model,
 * chat with streaming through `/v1/chat/completions` on this origin. playground.js does the work.
 */
export function playgroundPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const ids = playgroundIds;
  const body = html`
${pageIds(ids)}
<div class="page-head">
  <h1>${t('playground.title')}</h1>
</div>
<p class="alert error" id="page-error" role="alert" hidden></p>
<section class="card">
  <p class="muted">${t('playground.intro')}</p>
  <form class="stack-form" id="${ids.keyForm}" autocomplete="off">
    <label>${t('playground.key')} <select id="${ids.keySelect}" name="key_id"></select></label>
    <p class="muted" id="${ids.noKeys}" hidden>${t('playground.noKeys')}</p>
    <label>${t('playground.secret')} <input id="${ids.secretInput}" name="secret" type="password" placeholder="${t('playground.secretPlaceholder')}" spellcheck="false" autocomplete="off"></label>
    <p class="actions">
      <button class="button primary" type="submit">${t('playground.useSecret')}</button>
      <button class="button" type="button" id="${ids.forget}">${t('playground.forget')}</button>
      <button class="button" type="button" id="${ids.newKey}">${t('playground.newKey')}</button>
    </p>
    <p class="form-result" id="${ids.secretResult}" role="status"></p>
  </form>
  <div class="secret-box" id="${ids.newKeyBox}" hidden>
    <p>${t('playground.newKeyShown')}</p>
    <div class="copy-row"><code id="${ids.newKeyValue}"></code><button class="button" type="button" data-copy="#${ids.newKeyValue}">${t('common.copy')}</button></div>
  </div>
</section>
<section class="card playground">
  <div class="two-col">
    <label>${t('playground.model')} <select id="${ids.modelSelect}" name="model"></select></label>
    <label>${t('playground.system')} <textarea id="${ids.system}" rows="2"></textarea></label>
  </div>
  <div class="chat-log" id="${ids.log}" aria-live="polite"></div>
  <form class="chat-form" id="${ids.chatForm}">
    <label class="chat-input">${t('playground.message')} <textarea id="${ids.message}" rows="3" placeholder="${t('playground.messagePlaceholder')}" required></textarea></label>
    <p class="actions">
      <button class="button primary" type="submit" id="${ids.send}">${t('playground.send')}</button>
      <button class="button" type="button" id="${ids.stop}" disabled>${t('playground.stop')}</button>
      <button class="button" type="button" id="${ids.clear}">${t('playground.clear')}</button>
      <span class="muted" id="${ids.usage}"></span>
    </p>
  </form>
</section>`;
  return layout(ctx, { title: t('playground.title'), page: 'playground', body, scripts: ['playground.js'] });
}
