import { ids } from '../assets/dom-ids.js';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import { type OpenApiView, renderOpenApi } from '../openapi-view.ts';
import type { PageContext } from '../page-context.ts';

/** Where the machine-readable document is served (under `/docs`, so the scaled gateway forwards it). */
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/** `/docs`: the OpenAPI document rendered on the server; no script, no CDN. */
export function docsPage(ctx: PageContext, document: OpenApiView): SafeHtml {
  const { t } = ctx;
  const baseUrl = document.servers?.[0]?.url ?? '';
  const body = html`
<div class="page-head">
  <h1>${t('docs.title')}</h1>
  <p class="muted">${document.info.title} ${document.info.version}</p>
</div>
<section class="card">
  <p>${t('docs.intro')}</p>
  <dl class="facts">
    <dt>${t('docs.baseUrl')}</dt><dd><code id="${ids.docsBaseUrl}">${baseUrl}</code></dd>
    <dt>${t('docs.auth')}</dt><dd>${Object.values(document.components.securitySchemes ?? {}).map((scheme) => html`<div>${scheme.description ?? ''}</div>`)}</dd>
  </dl>
  <p><a class="button" id="${ids.docsDownload}" href="${OPENAPI_JSON_PATH}">${t('docs.download')}</a></p>
</section>
${renderOpenApi(t, document)}`;
  return layout(ctx, { title: t('docs.title'), page: 'docs', body });
}
