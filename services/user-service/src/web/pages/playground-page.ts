import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

/**
 * `/playground` (signed in): pick a key and give its secret once (or mint a key here), pick a model,
 * chat with streaming through `/v1/chat/completions` on this origin. playground.js does the work.
 */
export function playgroundPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const body = html`
<div class="page-head">
  <h1>${t('playground.title')}</h1>
</div>
<p class="alert error" id="${ids.pageError}" role="alert" hidden></p>
<section class="card">
  <p class="muted">${t('playground.intro')}</p>
  <form class="stack-form" id="${ids.playgroundKeyForm}" autocomplete="off">
    <label>${t('playground.key')} <select id="${ids.playgroundKey}" name="key_id"></select></label>
    <p class="muted" id="${ids.playgroundNoKeys}" hidden>${t('playground.noKeys')}</p>
    <label>${t('playground.secret')} <input id="${ids.playgroundSecret}" name="secret" type="password" placeholder="${t('playground.secretPlaceholder')}" spellcheck="false" autocomplete="off"></label>
    <p class="actions">
      <button class="button primary" type="submit">${t('playground.useSecret')}</button>
      <button class="button" type="button" id="${ids.playgroundForget}">${t('playground.forget')}</button>
      <button class="button" type="button" id="${ids.playgroundNewKey}">${t('playground.newKey')}</button>
    </p>
    <p class="form-result" id="${ids.playgroundSecretResult}" role="status"></p>
  </form>
  <div class="secret-box" id="${ids.playgroundNewKeyBox}" hidden>
    <p>${t('playground.newKeyShown')}</p>
    <div class="copy-row"><code id="${ids.playgroundNewKeyValue}"></code><button class="button" type="button" data-copy="#${ids.playgroundNewKeyValue}">${t('common.copy')}</button></div>
  </div>
</section>
<section class="card playground">
  <div class="two-col">
    <label>${t('playground.model')} <select id="${ids.playgroundModel}" name="model"></select></label>
    <label>${t('playground.system')} <textarea id="${ids.playgroundSystem}" rows="2"></textarea></label>
  </div>
  <div class="chat-log" id="${ids.playgroundLog}" aria-live="polite"></div>
  <form class="chat-form" id="${ids.playgroundChatForm}">
    <label class="chat-input">${t('playground.message')} <textarea id="${ids.playgroundMessage}" rows="3" placeholder="${t('playground.messagePlaceholder')}" required></textarea></label>
    <p class="actions">
      <button class="button primary" type="submit" id="${ids.playgroundSend}">${t('playground.send')}</button>
      <button class="button" type="button" id="${ids.playgroundStop}" disabled>${t('playground.stop')}</button>
      <button class="button" type="button" id="${ids.playgroundClear}">${t('playground.clear')}</button>
      <span class="muted" id="${ids.playgroundUsage}"></span>
    </p>
  </form>
</section>`;
  return layout(ctx, { title: t('playground.title'), page: 'playground', body, scripts: ['playground.js'] });
}
