import { html, type SafeHtml } from '../html.ts';
import type { MessageKey } from '../i18n/en.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

const LOGIN_ERRORS = new Set([
  'state',
  'provider',
  'banned',
  'trust_level',
  'registration_closed',
  'not_configured',
]);

/** `/login`: one button per configured provider; `?error=` from a failed callback is explained. */
export function loginPage(
  ctx: PageContext,
  providers: { github: boolean; linuxdo: boolean },
  error: string | undefined,
): SafeHtml {
  const { t } = ctx;
  const reason =
    error === undefined
      ? undefined
      : LOGIN_ERRORS.has(error)
        ? t(`login.error.${error}` as MessageKey)
        : t('login.error.provider');
  const body = html`
<section class="card narrow">
  <h1>${t('login.title')}</h1>
  ${reason !== undefined && html`<p class="alert error" role="alert">${t('login.failed', { reason })}</p>`}
  <p>${t('login.intro')}</p>
  <div class="login-buttons">
    ${providers.github && html`<a class="button provider github" href="/oauth2/github/login">${t('login.github')}</a>`}
    ${providers.linuxdo && html`<a class="button provider linuxdo" href="/oauth2/login">${t('login.linuxdo')}</a>`}
    ${!providers.github && !providers.linuxdo && html`<p class="muted">${t('login.none')}</p>`}
  </div>
</section>`;
  return layout(ctx, { title: t('login.title'), page: 'login', body });
}
