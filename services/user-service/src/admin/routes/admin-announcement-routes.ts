import { Router } from 'express';
import { renderAnnouncement } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** The latest announcement, and posting a new one. */
export function adminAnnouncementRoutes(deps: Pick<AdminRouteDeps, 'announcements' | 'audit'>): Router {
  const router = Router();
  route(router, 'GET /admin/api/announcement', async () => {
    const latest = await deps.announcements.latest();
    return { announcement: latest ? renderAnnouncement(latest) : null };
  });
  route(router, 'POST /admin/api/announcement', async ({ body }) => {
    const row = await deps.announcements.post(
      body.content,
      body.is_active ?? true,
      body.allow_guest ?? false,
    );
    await deps.audit.record('announcement_post', String(row.id), {
      is_active: row.isActive,
      allow_guest: row.allowGuest,
    });
    return { success: true, announcement: renderAnnouncement(row) };
  });
  return router;
}
