import { hashSecret } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { Router } from 'express';
import type { AnnouncementStore } from './announcements/announcement-store.ts';
import { renderSiteMode } from './contract/render.ts';
import type { DonationService } from './donations/donation-service.ts';
import { parseImportRequest } from './donations/parse-import-request.ts';
import { publicPool } from './donations/public-pool.ts';
import { importRule, limit } from './http/rate-limit.ts';
import { route } from './http/route.ts';
import type { ApiKeyStore } from './keys/api-key-store.ts';
import type { SiteSettings } from './site/site-settings.ts';
import type { UserStore } from './users/user-store.ts';

export interface PublicRouteDeps {
  site: SiteSettings;
  donations: DonationService;
  users: UserStore;
  keys: ApiKeyStore;
  announcements: AnnouncementStore;
  rateLimiter: RateLimiter;
}

/** `/api/*` pages and tools that need no session. */
export function publicRoutes(deps: PublicRouteDeps): Router {
  const router = Router();
  route(router, 'GET /api/site-mode', async () => renderSiteMode(await deps.site.flags()));
  route(router, 'GET /api/public-tokens', () => publicPool(deps));
  route(router, 'GET /api/announcement', async () => ({
    announcement: await deps.announcements.forGuest(),
  }));
  /** Bulk import with an admin-issued import key (`ik-…`), for scripts; no session, no CSRF. */
  route(router, 'POST /api/tokens/import', async ({ body }, req) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const key = bearer ?? req.get('x-import-key');
    const owner = key?.startsWith('ik-') ? await deps.keys.importKeyOwner(hashSecret(key)) : null;
    if (!owner) throw new AppError('UNAUTHENTICATED', 'A valid import key is required');
    await limit(deps.rateLimiter, `user-import:${owner}`, importRule);
    const parsed = await parseImportRequest(req);
    return deps.donations.import(owner, parsed, {
      visibility: body.visibility ?? 'private',
      anonymous: body.anonymous ?? false,
    });
  });
  return router;
}
