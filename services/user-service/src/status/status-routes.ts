import { Router } from 'express';
import { route } from '../http/route.ts';
import type { PublicStatus } from './public-status.ts';

/** `GET /api/status`: pool health and site mode for anyone; shared caches may keep it as long as we do. */
export function statusRoutes(status: PublicStatus): Router {
  const router = Router();
  route(router, 'GET /api/status', async (_input, _req, res) => {
    const body = await status.get();
    res.set('cache-control', 'public, max-age=10');
    return body;
  });
  return router;
}
