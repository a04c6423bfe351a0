import { AppError } from '@kirogate/errors';
import type { RateLimiter, RateLimitRule } from '@kirogate/platform';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { UsageStats } from './admin/usage-stats.ts';
import type { AnnouncementStore } from './announcements/announcement-store.ts';
import { renderKey, renderPagination, renderProfile, renderToken } from './contract/render.ts';
import type { DonationService } from './donations/donation-service.ts';
import { parseImportRequest } from './donations/parse-import-request.ts';
import { detailedPublicPool } from './donations/public-pool.ts';
import { importRule, limit } from './http/rate-limit.ts';
import { route } from './http/route.ts';
import type { ApiKeyStore } from './keys/api-key-store.ts';
import type { KeyRevocations } from './keys/key-revocations.ts';
import { type LimitRouteDeps, userLimitRoutes } from './limits/limit-routes.ts';
import type { Session, WebAuth } from './sessions/web-auth.ts';
import type { SiteSettings } from './site/site-settings.ts';
import type { User, UserStore } from './users/user-store.ts';

export interface UserRouteDeps {
  auth: WebAuth;
  users: UserStore;
  keys: ApiKeyStore;
  revocations: KeyRevocations;
  donations: DonationService;
  announcements: AnnouncementStore;
  usage: UsageStats;
  site: SiteSettings;
  rateLimiter: RateLimiter;
  limits: LimitRouteDeps;
}

interface UserLocals {
  user: User;
  session: Session;
}

/** Every mutation of one user; generous for people, tight for scripts hammering the API. */
const mutationRule: RateLimitRule = { limit: 60, windowMs: 60_000 };
const maxKeysPerUser = 100;

/** `/user/api/*`: everything a logged-in user does with their own account. */
export function userRoutes(deps: UserRouteDeps): Router {
  const router = Router();
  router.use('/user/api', requireUser(deps));

  route(router, 'GET /user/api/profile', async (_input, _req, res) => {
    const { user, session } = locals(res);
    const [providers, tokenCounts, apiKeyCount] = await Promise.all([
      deps.users.providers([user.id]),
      deps.donations.counts(user.id),
      deps.keys.count(user.id),
    ]);
    return renderProfile(
      user,
      providers.get(user.id) ?? [],
      { tokens: tokenCounts.total, publicTokens: tokenCounts.public, apiKeys: apiKeyCount },
      deps.auth.csrfToken(session),
    );
  });

  /** Logs out every browser of this user, this one included. */
  route(router, 'POST /user/api/sessions/revoke-all', async (_input, req, res) => {
    await deps.auth.store.deleteForUser(locals(res).user.id);
    await deps.auth.end(req, res, 'user');
    return { success: true };
  });

  route(router, 'GET /user/api/announcement', async (_input, _req, res) => ({
    announcement: await deps.announcements.forUser(locals(res).user.id),
  }));
  for (const mark of ['read', 'dismiss'] as const) {
    route(router, `POST /user/api/announcement/${mark}`, async ({ body }, _req, res) => {
      if (!(await deps.announcements.mark(locals(res).user.id, body.announcement_id, mark))) {
        throw new AppError('NOT_FOUND', 'No such announcement');
      }
      return { success: true };
    });
  }

  route(router, 'GET /user/api/keys', async ({ query }, _req, res) => {
    const page = { page: query.page, pageSize: query.page_size, offset: (query.page - 1) * query.page_size };
    const { rows, total } = await deps.keys.list(locals(res).user.id, page);
    return { keys: rows.map(renderKey), pagination: renderPagination(page, total) };
  });
  route(router, 'POST /user/api/keys', async ({ body }, _req, res) => {
    const { user } = locals(res);
    const tokens = await deps.donations.counts(user.id);
    const { selfUseEnabled } = await deps.site.flags();
    if (selfUseEnabled && tokens.active === 0) {
      throw new AppError(
        'FORBIDDEN',
        'In self-use mode you need an active donated token before creating a key',
      );
    }
    if ((await deps.keys.count(user.id)) >= maxKeysPerUser) {
      throw new AppError('FORBIDDEN', `At most ${maxKeysPerUser} keys per user; delete unused ones first`);
    }
    const { row, key } = await deps.keys.create(user.id, body.name ?? '');
    return {
      success: true,
      id: row.id,
      name: row.name,
      key,
      key_prefix: row.keyPrefix,
      uses_public_pool: tokens.active === 0,
    };
  });
  route(router, 'PUT /user/api/keys/:id', async ({ params, body }, _req, res) => {
    const row = await deps.keys.setActive(locals(res).user.id, params.id, body.is_active);
    if (!row) throw new AppError('NOT_FOUND', 'No such key');
    if (!row.isActive) await deps.revocations.revoke([row.keyHash]);
    return { success: true, key: renderKey(row) };
  });
  route(router, 'DELETE /user/api/keys/:id', async ({ params }, _req, res) => {
    const row = await deps.keys.delete(locals(res).user.id, params.id);
    if (!row) throw new AppError('NOT_FOUND', 'No such key');
    await deps.revocations.revoke([row.keyHash]);
    return { success: true };
  });

  route(router, 'GET /user/api/tokens', async ({ query }, _req, res) => {
    const { items, total } = await deps.donations.listOwn(locals(res).user.id, {
      page: query.page,
      pageSize: query.page_size,
      visibility: query.visibility,
      status: query.status,
    });
    return {
      tokens: items.map(renderToken),
      pagination: renderPagination({ page: query.page, pageSize: query.page_size }, total),
    };
  });
  route(router, 'POST /user/api/tokens', async ({ body }, _req, res) => {
    const token = await deps.donations.donate(locals(res).user.id, {
      refreshToken: body.refresh_token,
      authKind: body.auth_type ?? 'social',
      clientId: body.client_id,
      clientSecret: body.client_secret,
      visibility: body.visibility ?? 'private',
      anonymous: body.anonymous ?? false,
    });
    return { success: true, message: 'Token donated', token: renderToken(token) };
  });
  route(router, 'POST /user/api/tokens/import', async ({ body }, req, res) => {
    await limit(deps.rateLimiter, `user-import:${locals(res).user.id}`, importRule);
    const parsed = await parseImportRequest(req);
    return deps.donations.import(locals(res).user.id, parsed, {
      visibility: body.visibility ?? 'private',
      anonymous: body.anonymous ?? false,
    });
  });
  route(router, 'PUT /user/api/tokens/:id', async ({ params, body }, _req, res) => {
    if (!body.visibility) {
      throw new AppError('INVALID_REQUEST', 'visibility is required', { param: 'visibility' });
    }
    const token = await deps.donations.setVisibility(locals(res).user.id, params.id, body.visibility);
    return { success: true, token: renderToken(token) };
  });
  route(router, 'DELETE /user/api/tokens/:id', async ({ params }, _req, res) => {
    await deps.donations.delete(locals(res).user.id, params.id);
    return { success: true };
  });

  route(router, 'GET /user/api/public-tokens', () => detailedPublicPool(deps));
  route(router, 'GET /user/api/usage', async ({ query }, _req, res) => ({
    days: await deps.usage.userDaily(locals(res).user.id, query.days),
  }));
  router.use(userLimitRoutes(deps.limits, (res) => locals(res).user.id));
  return router;
}

/** Session → active user, CSRF on mutations. Banned users count as logged out. */
function requireUser(deps: UserRouteDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await deps.auth.current(req, 'user');
    const user = session?.userId ? await deps.users.byId(session.userId) : undefined;
    if (!session || !user || user.status !== 'active') {
      throw new AppError('UNAUTHENTICATED', 'Log in first');
    }
    deps.auth.checkCsrf(req, session);
    if (req.method !== 'GET') await limit(deps.rateLimiter, `user-api:${user.id}`, mutationRule);
    const userLocals: UserLocals = { user, session };
    res.locals.user = userLocals;
    next();
  };
}

function locals(res: Response): UserLocals {
  return res.locals.user as UserLocals;
}
