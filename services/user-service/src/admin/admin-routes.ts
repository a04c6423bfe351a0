import { Router } from 'express';
import { adminLimitRoutes } from '../limits/limit-routes.ts';
import type { AdminRouteDeps } from './admin-route-deps.ts';
import { adminAnnouncementRoutes } from './routes/admin-announcement-routes.ts';
import { adminAuthRoutes } from './routes/admin-auth-routes.ts';
import { adminBackupRoutes } from './routes/admin-backup-routes.ts';
import { adminImportKeyRoutes } from './routes/admin-import-key-routes.ts';
import { adminIpRoutes } from './routes/admin-ip-routes.ts';
import { adminSettingsRoutes } from './routes/admin-settings-routes.ts';
import { adminStatsRoutes } from './routes/admin-stats-routes.ts';
import { adminTokenRoutes } from './routes/admin-token-routes.ts';
import { adminUserRoutes } from './routes/admin-user-routes.ts';

export type { AdminRouteDeps } from './admin-route-deps.ts';

/**
 * The admin panel's API; mounted only when ADMIN_PASSWORD is set. The auth routes come first: they
 * put the admin guard in front of every `/admin/api` route mounted after them.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  router.use(adminAuthRoutes(deps));
  router.use(adminStatsRoutes(deps));
  router.use(adminUserRoutes(deps));
  router.use(adminLimitRoutes(deps.limits));
  router.use(adminTokenRoutes(deps));
  router.use(adminImportKeyRoutes(deps));
  router.use(adminIpRoutes(deps));
  router.use(adminSettingsRoutes(deps));
  router.use(adminAnnouncementRoutes(deps));
  router.use(adminBackupRoutes(deps));
  return router;
}
