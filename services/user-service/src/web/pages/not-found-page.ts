import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import type { PageContext } from '../page-context.ts';

export function notFoundPage(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  const body = html`
<section class="card narrow">
  <h1>${t('notFound.title')}</h1>
  <p>${t('notFound.text')}</p>
  <p><a class="button" href="/">${t('nav.home')}</a></p>
</section>`;
  return layout(ctx, { title: t('notFound.title'), page: 'not-found', body });
}
