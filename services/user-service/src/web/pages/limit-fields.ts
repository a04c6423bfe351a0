import type { LimitWireName } from '../../contract/views.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';

/** The limit names as the JSON APIs spell them; the order of every limits table and form. */
export const limitWireNames = [
  'requests_per_minute',
  'concurrent_requests',
  'daily_credits',
  'monthly_credits',
  'daily_tokens',
] as const satisfies readonly LimitWireName[];

/** A table of limits and usage; app.js `fillLimits` fills its body. */
export function limitsTable(ctx: PageContext, id: string): SafeHtml {
  const { t } = ctx;
  return html`<div class="table-wrap"><table class="data" id="${id}">
    <thead><tr><th></th><th>${t('limits.limit')}</th><th>${t('limits.used')}</th><th>${t('limits.resets')}</th></tr></thead>
    <tbody><tr><td colspan="4" class="muted">${t('common.loading')}</td></tr></tbody>
  </table></div>`;
}

/** One number input per limit (empty = not set), named as the API fields. */
export function limitInputs(ctx: PageContext): SafeHtml {
  const { t } = ctx;
  return html`<div class="limit-inputs">${limitWireNames.map(
    (name) =>
      html`<label>${t(`limits.${name}`)} <input name="${name}" type="number" min="0" step="${name.endsWith('credits') ? 'any' : '1'}" inputmode="decimal"></label>`,
  )}</div>`;
}
