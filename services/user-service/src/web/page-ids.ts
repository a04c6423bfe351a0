import { html, jsonForScript, type SafeHtml } from './html.ts';

/** The element the page scripts read their DOM ids from, so the ids are written once, in the page module. */
export const PAGE_IDS_ELEMENT = 'kg-page-ids';

/** `<script type="application/json">` with a page's id table; `ids.js` reads it in the browser. */
export function pageIds(ids: Readonly<Record<string, string>>): SafeHtml {
  return html`<script type="application/json" id="${PAGE_IDS_ELEMENT}">${jsonForScript(ids)}</script>`;
}
