import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import { renderAdminToken, renderCheckResult, renderPagination, renderToken } from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** Donated tokens of every user: the paged list (owners' names in one query), visibility, checks, deletion. */
export function adminTokenRoutes(
  deps: Pick<AdminRouteDeps, 'credentials' | 'users' | 'site' | 'audit'>,
): Router {
  const router = Router();
  route(router, 'GET /admin/api/donated-tokens', async ({ query }) => {
    const { items, total } = await deps.credentials.list({
      page: query.page,
      pageSize: query.page_size,
      ...(query.user_id ? { ownerUserId: query.user_id } : {}),
      ...(query.visibility ? { visibility: query.visibility } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    const owners = await deps.users.usernames(items.flatMap((item) => item.ownerUserId ?? []));
    return {
      tokens: items.map((item) =>
        renderAdminToken(item, item.ownerUserId ? (owners.get(item.ownerUserId) ?? null) : null),
      ),
      pagination: renderPagination({ page: query.page, pageSize: query.page_size }, total),
    };
  });
  route(router, 'POST /admin/api/donated-tokens/visibility', async ({ body }) => {
    if (body.visibility === 'public' && (await deps.site.flags()).selfUseEnabled) {
      throw new AppError('FORBIDDEN', 'Public tokens are not allowed in self-use mode');
    }
    const token = await deps.credentials.update(body.token_id, { visibility: body.visibility });
    await deps.audit.record('token_visibility', body.token_id, { visibility: body.visibility });
    return { success: true, token: renderToken(token) };
  });
  route(router, 'POST /admin/api/donated-tokens/delete', async ({ body }) => {
    await deps.credentials.delete(body.token_id);
    await deps.audit.record('token_delete', body.token_id);
    return { success: true };
  });
  route(router, 'POST /admin/api/donated-tokens/check', async ({ body }) => {
    const result = await deps.credentials.check(body.token_id);
    await deps.audit.record('token_check', body.token_id, { status: result.status });
    return { success: true, result: renderCheckResult(result) };
  });
  return router;
}
