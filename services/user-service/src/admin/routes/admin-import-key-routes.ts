import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import { renderImportKey, renderPagination } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** Import keys (`ik-…`) an admin issues for a user's bulk-import scripts. */
export function adminImportKeyRoutes(deps: Pick<AdminRouteDeps, 'keys' | 'users' | 'audit'>): Router {
  const router = Router();
  route(router, 'GET /admin/api/import-keys', async ({ query }) => {
    const page = { page: query.page, pageSize: query.page_size, offset: (query.page - 1) * query.page_size };
    const { rows, total } = await deps.keys.list(query.user_id, page, 'import');
    return { keys: rows.map(renderImportKey), pagination: renderPagination(page, total) };
  });
  route(router, 'POST /admin/api/import-keys', async ({ body }) => {
    const user = await deps.users.byId(body.user_id);
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    const { row, key } = await deps.keys.create(user.id, body.name ?? '', 'import');
    await deps.audit.record('import_key_create', user.id, { key_id: row.id, key_prefix: row.keyPrefix });
    return { success: true, id: row.id, key, key_prefix: row.keyPrefix };
  });
  route(router, 'POST /admin/api/import-keys/delete', async ({ body }) => {
    const row = await deps.keys.deleteAny(body.key_id, 'import');
    if (!row) throw new AppError('NOT_FOUND', 'No such import key');
    await deps.audit.record('import_key_delete', row.userId, { key_id: row.id });
    return { success: true };
  });
  return router;
}
