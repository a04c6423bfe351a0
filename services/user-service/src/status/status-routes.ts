import { Router } from 'express';
import type { PublicStatus } from './public-status.ts';

/** `GET /api/status`: pool health and site mode for anyone; shared caches may keep it as long as we do. */
export function statusRoutes(status: PublicStatus): Router {
  const router = Router();
  router.get('/api/status', async (_req, res) => {
    const body = await status.get();
    res.set('cache-control', 'public, max-age=10').json(body);
  });
  return router;
}
