import { hashSecret } from '@kirogate/contracts';

import { AppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { Router } from 'express';
import type { AnnouncementStore } from './announcements/announcement-store.ts';
import type { DonationService } from './donations/donation-service.ts';
import { oneOfField, optionalBoolean } from './http/request-fields.ts';
import type { ApiKeyStore } from './keys/api-key-store.ts';
import type { SiteSettings } from './site/site-settings.ts';
import { importRule, limit, parseImportRequest, publicPoolView } from './user-routes.ts';
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
  router.get('/api/site-mode', async (_req, res) => {
    const flags = await deps.site.flags();
    const mode = !flags.siteEnabled ? 'maintenance' : flags.selfUseEnabled ? 'self_use' : 'normal';
    const labels = { maintenance: 'Maintenance', self_use: 'Self-use', normal: 'Normal' } as const;
    res.json({
      mode,
      label: labels[mode],
      site_enabled: flags.siteEnabled,
      self_use_enabled: flags.selfUseEnabled,
    });
  });
  router.get('/api/public-tokens', async (_req, res) => {
    res.json(await publicPoolView(deps, false));
  });
  router.get('/api/announcement', async (_req, res) => {
    res.json({ announcement: await deps.announcements.forGuest() });
  });
  /** Bulk import with an admin-issued import key (`ik-…`), for scripts; no session, no CSRF. */
  router.post('/api/tokens/import', async (req, res) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const key = bearer ?? req.get('x-import-key');
    const owner = key?.startsWith('ik-') ? await deps.keys.importKeyOwner(hashSecret(key)) : null;
    if (!owner) throw new AppError('UNAUTHENTICATED', 'A valid import key is required');
    await limit(deps.rateLimiter, `user-import:${owner}`, importRule);
    const parsed = await parseImportRequest(req);
    res.json(
      await deps.donations.import(owner, parsed, {
        visibility: oneOfField(req, 'visibility', ['public', 'private'] as const) ?? 'private',
        anonymous: optionalBoolean(req, 'anonymous') ?? false,
      }),
    );
  });
  return router;
}
