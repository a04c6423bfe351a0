import type { Request } from 'express';

/** Who is looking at a page; rendered into the header only (no secrets). */
export interface WebViewer {
  id: string;
  username: string;
  avatarUrl: string | null;
}

export type SiteMode = 'normal' | 'self_use' | 'maintenance';

/**
 * What the page router needs from the rest of user-service. The pages call the JSON APIs from the
 * browser and take the CSRF token from `/user/api/profile` or `/admin/api/session`, so the router
 * itself only decides where a request belongs.
 */
export interface WebDeps {
  /** The logged-in user from the session cookie, if any (banned users count as logged out). */
  currentUser(req: Request): Promise<WebViewer | undefined>;
  /** Whether the request carries a valid admin session. */
  isAdmin(req: Request): Promise<boolean>;
  /** Which OAuth providers are configured; unconfigured ones get no button. */
  loginProviders(): { github: boolean; linuxdo: boolean };
  /** Whether the admin panel exists (it does not without `ADMIN_PASSWORD`). */
  adminEnabled(): boolean;
  siteMode(): Promise<SiteMode>;
  /** Shown in the footer. */
  version: string;
}
