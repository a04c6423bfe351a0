import { AppError } from '@kirogate/errors';
import type { RateLimiter, RateLimitRule } from '@kirogate/platform';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { UsageStats } from './admin/usage-stats.ts';
import type { AnnouncementStore } from './announcements/announcement-store.ts';
import { type DonationService, renderToken } from './donations/donation-service.ts';
import {
  importLimits,
  type ParsedImport,
  parseTokenJson,
  parseTokenText,
} from './donations/parse-bulk-import.ts';
import {
  boundedInt,
  iso,
  oneOfField,
  optionalBoolean,
  optionalString,
  pagination,
  paging,
  requiredBoolean,
  requiredString,
  uuidValue,
} from './http/request-fields.ts';
import type { ApiKeyRow, ApiKeyStore } from './keys/api-key-store.ts';
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

const credentialStatuses = ['active', 'invalid', 'disabled', 'suspended', 'quota_exhausted'] as const;
/** Every mutation of one user; generous for people, tight for scripts hammering the API. */
const mutationRule: RateLimitRule = { limit: 60, windowMs: 60_000 };
/** Each import may validate up to 500 tokens against Kiro, so imports are rarer. */
export const importRule: RateLimitRule = { limit: 10, windowMs: 3_600_000 };
const maxKeysPerUser = 100;

/** `/user/api/*`: everything a logged-in user does with their own account. */
export function userRoutes(deps: UserRouteDeps): Router {
  const router = Router();
  router.use('/user/api', requireUser(deps));

  router.get('/user/api/profile', async (_req, res) => {
    const { user, session } = locals(res);
    const [providers, tokenCounts, apiKeyCount] = await Promise.all([
      deps.users.providers([user.id]),
      deps.donations.counts(user.id),
      deps.keys.count(user.id),
    ]);
    res.json({
      id: user.id,
      username: user.username,
      avatar_url: user.avatarUrl,
      trust_level: user.trustLevel,
      is_admin: user.isAdmin,
      providers: providers.get(user.id) ?? [],
      token_count: tokenCounts.total,
      public_token_count: tokenCounts.public,
      api_key_count: apiKeyCount,
      created_at: iso(user.createdAt),
      last_login: iso(user.lastLoginAt),
      csrf_token: deps.auth.csrfToken(session),
    });
  });

  /** Logs out every browser of this user, this one included. */
  router.post('/user/api/sessions/revoke-all', async (req, res) => {
    await deps.auth.store.deleteForUser(locals(res).user.id);
    await deps.auth.end(req, res, 'user');
    res.json({ success: true });
  });

  router.get('/user/api/announcement', async (_req, res) => {
    res.json({ announcement: await deps.announcements.forUser(locals(res).user.id) });
  });
  for (const mark of ['read', 'dismiss'] as const) {
    router.post(`/user/api/announcement/${mark}`, async (req, res) => {
      const id = boundedInt(requiredString(req, 'announcement_id', 20), 0, 1, 2 ** 31 - 1, 'announcement_id');
      if (!(await deps.announcements.mark(locals(res).user.id, id, mark))) {
        throw new AppError('NOT_FOUND', 'No such announcement');
      }
      res.json({ success: true });
    });
  }

  router.get('/user/api/keys', async (req, res) => {
    const page = paging(req);
    const { rows, total } = await deps.keys.list(locals(res).user.id, page);
    res.json({ keys: rows.map(renderKey), pagination: pagination(page, total) });
  });
  router.post('/user/api/keys', async (req, res) => {
    const { user } = locals(res);
    const name = optionalString(req, 'name', 64) ?? '';
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
    const { row, key } = await deps.keys.create(user.id, name);
    res.status(201).json({
      success: true,
      id: row.id,
      name: row.name,
      key,
      key_prefix: row.keyPrefix,
      uses_public_pool: tokens.active === 0,
    });
  });
  router.put('/user/api/keys/:id', async (req, res) => {
    const { user } = locals(res);
    const row = await deps.keys.setActive(
      user.id,
      uuidValue(req.params.id, 'key'),
      requiredBoolean(req, 'is_active'),
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such key');
    if (!row.isActive) await deps.revocations.revoke([row.keyHash]);
    res.json({ success: true, key: renderKey(row) });
  });
  router.delete('/user/api/keys/:id', async (req, res) => {
    const row = await deps.keys.delete(locals(res).user.id, uuidValue(req.params.id, 'key'));
    if (!row) throw new AppError('NOT_FOUND', 'No such key');
    await deps.revocations.revoke([row.keyHash]);
    res.json({ success: true });
  });

  router.get('/user/api/tokens', async (req, res) => {
    const page = paging(req);
    const { items, total } = await deps.donations.listOwn(locals(res).user.id, {
      page: page.page,
      pageSize: page.pageSize,
      visibility: oneOfField(req, 'visibility', ['public', 'private'] as const),
      status: oneOfField(req, 'status', credentialStatuses),
    });
    res.json({ tokens: items.map(renderToken), pagination: pagination(page, total) });
  });
  router.post('/user/api/tokens', async (req, res) => {
    const token = await deps.donations.donate(locals(res).user.id, {
      refreshToken: requiredString(req, 'refresh_token', 8_192),
      authKind: oneOfField(req, 'auth_type', ['social', 'idc'] as const) ?? 'social',
      clientId: optionalString(req, 'client_id', 4_096),
      clientSecret: optionalString(req, 'client_secret', 8_192),
      visibility: oneOfField(req, 'visibility', ['public', 'private'] as const) ?? 'private',
      anonymous: optionalBoolean(req, 'anonymous') ?? false,
    });
    res.status(201).json({ success: true, message: 'Token donated', token: renderToken(token) });
  });
  router.post('/user/api/tokens/import', async (req, res) => {
    await limit(deps.rateLimiter, `user-import:${locals(res).user.id}`, importRule);
    const parsed = await parseImportRequest(req);
    const result = await deps.donations.import(locals(res).user.id, parsed, {
      visibility: oneOfField(req, 'visibility', ['public', 'private'] as const) ?? 'private',
      anonymous: optionalBoolean(req, 'anonymous') ?? false,
    });
    res.json(result);
  });
  router.put('/user/api/tokens/:id', async (req, res) => {
    const visibility = oneOfField(req, 'visibility', ['public', 'private'] as const);
    if (!visibility) throw new AppError('INVALID_REQUEST', 'visibility is required', { param: 'visibility' });
    const token = await deps.donations.setVisibility(
      locals(res).user.id,
      uuidValue(req.params.id, 'token'),
      visibility,
    );
    res.json({ success: true, token: renderToken(token) });
  });
  router.delete('/user/api/tokens/:id', async (req, res) => {
    await deps.donations.delete(locals(res).user.id, uuidValue(req.params.id, 'token'));
    res.json({ success: true });
  });

  router.get('/user/api/public-tokens', async (_req, res) => {
    res.json(await publicPoolView(deps, true));
  });
  router.get('/user/api/usage', async (req, res) => {
    const days = boundedInt(req.query.days, 14, 1, 90, 'days');
    res.json({ days: await deps.usage.userDaily(locals(res).user.id, days) });
  });
  router.use(userLimitRoutes(deps.limits, (res) => locals(res).user.id));
  return router;
}

/** The public pool: who donated (unless anonymous) and how well each token does. */
export async function publicPoolView(
  deps: Pick<UserRouteDeps, 'donations' | 'users' | 'site'>,
  detailed: boolean,
) {
  if ((await deps.site.flags()).selfUseEnabled) {
    throw new AppError('FORBIDDEN', 'The public pool is closed in self-use mode');
  }
  const pool = await deps.donations.publicPool();
  const owners = new Map<string, string>();
  for (const id of new Set(pool.filter((t) => !t.anonymous && t.ownerUserId).map((t) => t.ownerUserId!))) {
    const user = await deps.users.byId(id);
    if (user) owners.set(id, user.username);
  }
  const tokens = pool.map((token) => {
    const uses = token.successCount + token.failCount;
    const rate = uses === 0 ? 100 : Math.round((token.successCount / uses) * 1000) / 10;
    const base = {
      id: token.id,
      username: token.anonymous || !token.ownerUserId ? null : (owners.get(token.ownerUserId) ?? null),
      success_rate: rate,
      last_used: iso(token.lastUsedAt),
    };
    return detailed ? { ...base, status: token.status, use_count: uses } : base;
  });
  const average =
    tokens.length === 0 ? 0 : tokens.reduce((sum, t) => sum + t.success_rate, 0) / tokens.length;
  return detailed
    ? { tokens, count: tokens.length, avg_success_rate: Math.round(average * 10) / 10 }
    : { tokens, count: tokens.length };
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

export async function limit(rateLimiter: RateLimiter, key: string, rule: RateLimitRule): Promise<void> {
  const verdict = await rateLimiter.hit(key, rule);
  if (!verdict.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many requests; try again later', {
      retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
    });
  }
}

function locals(res: Response): UserLocals {
  return res.locals.user as UserLocals;
}

export function renderKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.keyPrefix,
    is_active: row.isActive,
    request_count: row.requestCount,
    last_used: iso(row.lastUsedAt),
    created_at: iso(row.createdAt),
  };
}

/** `file` (multipart), `json_text` or `tokens_text`, within `importLimits`. */
export async function parseImportRequest(req: Request): Promise<ParsedImport> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const file = body.file;
  if (file instanceof Blob) {
    if (file.size > importLimits.fileBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than 5 MiB');
    return parseLoose(await file.text());
  }
  const jsonText = typeof body.json_text === 'string' ? body.json_text : undefined;
  if (jsonText !== undefined && jsonText.trim() !== '') {
    if (Buffer.byteLength(jsonText) > importLimits.jsonBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'json_text is larger than 5 MiB');
    try {
      return parseTokenJson(JSON.parse(jsonText));
    } catch {
      throw new AppError('INVALID_REQUEST', 'json_text is not valid JSON', { param: 'json_text' });
    }
  }
  const tokensText = typeof body.tokens_text === 'string' ? body.tokens_text : undefined;
  if (tokensText !== undefined && tokensText.trim() !== '') {
    if (Buffer.byteLength(tokensText) > importLimits.textBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'tokens_text is larger than 200 KiB');
    return parseTokenText(tokensText);
  }
  throw new AppError('INVALID_REQUEST', 'Send one of file, json_text or tokens_text');
}

function parseLoose(text: string): ParsedImport {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      return parseTokenJson(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: fall back to the plain list.
    }
  }
  return parseTokenText(trimmed);
}
