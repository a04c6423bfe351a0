import type { Locale, Translate } from './i18n/locale.ts';
import type { SiteMode, WebViewer } from './web-deps.ts';

/** Everything a page template may use; built once per request by the router. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  /** The request path with its query, for the language switch to come back to. */
  path: string;
  viewer: WebViewer | undefined;
  adminEnabled: boolean;
  siteMode: SiteMode;
  version: string;
  /** Cache buster for asset links: changes with the assets' content. */
  assetVersion: string;
}
