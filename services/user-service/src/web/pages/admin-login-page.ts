import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

/** `/admin` without an admin session: a password form posting to `/admin/login`. */
export function adminLoginPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const body = html`
<section class="card narrow">
  <h1>${t('admin.loginTitle')}</h1>
  <form class="stack-form" id="${ids.adminLoginForm}" method="post" action="/admin/login">
    <label>${t('admin.password')} <input type="password" name="password" required autocomplete="current-password"></label>
    <button class="button primary" type="submit">${t('admin.submitLogin')}</button>
    <p class="alert error" id="${ids.adminLoginError}" role="alert" hidden></p>
  </form>
</section>`;
  return layout(ctx, {
    title: t('admin.loginTitle'),
    page: 'admin-login',
    body,
    scripts: ['admin-login.js'],
  });
}
