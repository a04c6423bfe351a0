import { Router } from 'express';
import { renderPoolStatus } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** The overview: usage totals and buckets, user and key counts, site flags, the pool's state. */
export function adminStatsRoutes(
  deps: Pick<AdminRouteDeps, 'usage' | 'users' | 'site' | 'keys' | 'credentials'>,
) {
  const router = Router();
  route(router, 'GET /admin/api/stats', async () => {
    const [usage, counts, flags, apiKeys, pool] = await Promise.all([
      deps.usage.overview(),
      deps.users.counts(),
      deps.site.flags(),
      deps.keys.totalCount(),
      deps.credentials.poolStatus().catch(() => null),
    ]);
    return {
      ...usage,
      users_count: counts.users,
      banned_count: counts.banned,
      api_keys_count: apiKeys,
      site_enabled: flags.siteEnabled,
      self_use_enabled: flags.selfUseEnabled,
      pool: pool && renderPoolStatus(pool),
    };
  });
  return router;
}
