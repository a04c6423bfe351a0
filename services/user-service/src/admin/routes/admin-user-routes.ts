import { AppError } from '@kirogate/errors';
import { Router } from 'express';
import {
  renderAdminUser,
  renderKey,
  renderPagination,
  renderToken,
  renderUser,
} from '../../contract/render.ts';
import { route } from '../../http/route.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

/** Users: the paged list (one query each for rows, providers and token counts), one user, ban/unban. */
export function adminUserRoutes(
  deps: Pick<AdminRouteDeps, 'users' | 'keys' | 'credentials' | 'auth' | 'revocations' | 'audit'>,
): Router {
  const router = Router();
  route(router, 'GET /admin/api/users', async ({ query }) => {
    const { rows, total } = await deps.users.list({
      offset: (query.page - 1) * query.page_size,
      pageSize: query.page_size,
      search: query.search,
      isBanned: query.is_banned,
      sortField: query.sort_field ?? 'created_at',
      sortOrder: query.sort_order ?? 'desc',
    });
    const ids = rows.map((row) => row.id);
    const [providers, tokenCounts] = await Promise.all([
      deps.users.providers(ids),
      deps.credentials.countByOwner(ids),
    ]);
    return {
      users: rows.map((row) =>
        renderAdminUser(row, providers.get(row.id) ?? [], {
          tokens: tokenCounts.get(row.id) ?? 0,
          apiKeys: row.apiKeyCount,
        }),
      ),
      pagination: renderPagination({ page: query.page, pageSize: query.page_size }, total),
    };
  });
  route(router, 'GET /admin/api/users/:id', async ({ params }) => {
    const user = await deps.users.byId(params.id);
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    const [providers, keys, tokens] = await Promise.all([
      deps.users.providers([user.id]),
      deps.keys.list(user.id, { offset: 0, pageSize: 200 }),
      deps.credentials.list({ ownerUserId: user.id, page: 1, pageSize: 200 }),
    ]);
    return {
      user: renderUser(user, providers.get(user.id) ?? []),
      keys: keys.rows.map(renderKey),
      tokens: tokens.items.map(renderToken),
    };
  });
  for (const action of ['ban', 'unban'] as const) {
    route(router, `POST /admin/api/users/${action}`, async ({ body }) => {
      const user = await deps.users.setStatus(body.user_id, action === 'ban' ? 'banned' : 'active');
      if (!user) throw new AppError('NOT_FOUND', 'No such user');
      if (action === 'ban') await deps.auth.store.deleteForUser(user.id);
      // Gateways cache key verdicts (banned or not); both directions must reach them at once.
      await deps.revocations.revoke(await deps.keys.hashesOf(user.id));
      await deps.audit.record(`user_${action}`, user.id, { username: user.username });
      return { success: true };
    });
  }
  return router;
}
