// The page's DOM ids, written once in its TypeScript page module (see `page-ids.ts`).

const element = document.getElementById('kg-page-ids');

/** @type {Record<string, string>} */
export const ids = element ? JSON.parse(element.textContent ?? '{}') : {};

/** The element with the id the page module named `name`; throws when the page has no such element. */
export function byId(name) {
  const id = ids[name];
  const node = id === undefined ? null : document.getElementById(id);
  if (!node) throw new Error(`no element for ${name}`);
  return node;
}
