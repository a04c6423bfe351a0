import { randomBytes, randomUUID } from 'node:crypto';
import type { CredentialSummary, LimitValues } from '@kirogate/contracts';
import { AppError, httpStatusFor, isAppError } from '@kirogate/errors';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Announcement } from '../../../src/announcements/announcement-store.ts';
import {
  renderAdminToken,
  renderAdminUser,
  renderAnnouncement,
  renderAuditEntry,
  renderBlacklistEntry,
  renderCheckResult,
  renderImportKey,
  renderIpStat,
  renderKey,
  renderPagination,
  renderProfile,
  renderPublicToken,
  renderSiteMode,
  renderToken,
  renderUserAnnouncement,
} from '../../../src/contract/render.ts';
import type {
  DayBucket,
  HourBucket,
  LimitsUsageView,
  LimitsView,
  ProxyKeyView,
} from '../../../src/contract/views.ts';
import { bodyParsers } from '../../../src/http/body-parsers.ts';
import { route } from '../../../src/http/route.ts';
import type { ApiKeyRow } from '../../../src/keys/api-key-store.ts';
import {
  applyPatch,
  checkKeyWithinUser,
  keyLimits,
  parseLimitPatch,
  renderLimitValues,
  type StoredLimits,
  userLimits,
} from '../../../src/limits/limit-values.ts';
import type { User } from '../../../src/users/user-store.ts';
import type { WebDeps } from '../../../src/web/web-deps.ts';

/**
 * An in-memory stand-in for user-service's JSON APIs, so the pages can be driven in a browser without
 * Postgres. It is held to the same contract as the service: every endpoint is mounted with `route()`
 * (the contract's request schemas, its response types) and answers through the service's render
 * functions from rows shaped like the stores'. Sessions are plain cookies (`fake_user` holds a
 * username, `fake_admin`); the CSRF token is a constant that every mutating call must carry.
 */
export interface FakeUserApi {
  router: Router;
  deps: WebDeps;
  /** Mutating calls that arrived without the CSRF token. */
  readonly csrfFailures: number;
}

const CSRF = 'csrf-token-for-tests';

/** The defaults of the real service's settings. */
const limitDefaults: LimitValues = {
  requestsPerMinute: 30,
  concurrentRequests: 4,
  dailyCredits: 50,
  monthlyCredits: 500,
  dailyTokens: 5_000_000,
};

/** Fixed usage (the real counters are tested elsewhere). */
const limitUsed: LimitValues = {
  requestsPerMinute: 3,
  concurrentRequests: 1,
  dailyCredits: 12.5,
  monthlyCredits: 40,
  dailyTokens: 120_000,
};

function usageOf(values: LimitValues): LimitsUsageView {
  const now = new Date();
  const dayEnd = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  ).toISOString();
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const resets: Record<keyof LimitValues, string | null> = {
    requestsPerMinute: null,
    concurrentRequests: null,
    dailyCredits: dayEnd,
    monthlyCredits: monthEnd,
    dailyTokens: dayEnd,
  };
  const entry = (name: keyof LimitValues) => ({
    limit: values[name],
    used: limitUsed[name],
    resets_at: resets[name],
  });
  return {
    requests_per_minute: entry('requestsPerMinute'),
    concurrent_requests: entry('concurrentRequests'),
    daily_credits: entry('dailyCredits'),
    monthly_credits: entry('monthlyCredits'),
    daily_tokens: entry('dailyTokens'),
  };
}

/** Usage measures without latencies where the fake has none. */
function measures(index: number) {
  return {
    requests: 20 + ((index * 7) % 13),
    errors: index % 5,
    input_tokens: 4000 + index * 100,
    output_tokens: 1200 + index * 40,
    credits: 1 + (index % 3),
    avg_latency_ms: 800 + ((index * 37) % 300),
    latency_p50_ms: null,
    latency_p95_ms: null,
    avg_ttft_ms: 300 + ((index * 17) % 120),
    ttft_p50_ms: null,
    ttft_p95_ms: null,
  };
}

function cookie(req: Request, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.get('cookie') ?? '')?.[1];
}

function newUser(username: string, at: Date): User {
  return {
    id: randomUUID(),
    username,
    avatarUrl: null,
    trustLevel: 2,
    isAdmin: false,
    status: 'active',
    bannedAt: null,
    limitOverrides: {},
    createdAt: at,
    lastLoginAt: at,
  };
}

export function fakeUserApi(): FakeUserApi {
  const now = new Date();
  const users = [newUser('alice', now), newUser('bob', now)];
  const keys: ApiKeyRow[] = [];
  const keyLimitsOf = new Map<string, StoredLimits>();
  const tokens: CredentialSummary[] = [];
  const overrides = new Map<string, StoredLimits>();
  const blacklist: { ip: string; reason: string; bannedAt: Date }[] = [];
  let siteEnabled = true;
  let selfUse = false;
  let announcement: Announcement | null = {
    id: 1,
    content: 'Welcome to KiroGate <b>not bold</b>\nSecond line.',
    isActive: true,
    allowGuest: true,
    createdAt: now,
    updatedAt: now,
  };
  let csrfFailures = 0;

  const byName = (name: string | undefined) => users.find((user) => user.username === name);
  const signedIn = (req: Request) => {
    const user = byName(cookie(req, 'fake_user'));
    return user?.status === 'active' ? user : undefined;
  };
  const isAdmin = (req: Request) => cookie(req, 'fake_admin') === '1';
  const fail = (res: Response, status: number, code: string, message: string) =>
    res.status(status).json({ error: { code, message } });
  const csrfOk = (req: Request, res: Response) => {
    if (req.get('x-csrf-token') === CSRF) return true;
    csrfFailures++;
    fail(res, 403, 'FORBIDDEN', 'Missing or invalid CSRF token');
    return false;
  };
  /** The current user, set by the guard in front of every `/user/api` endpoint. */
  const me = (res: Response) => res.locals.fakeUser as User;
  const found = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new AppError('NOT_FOUND', `No such ${what}`);
    return value;
  };
  const limitsOf = (user: User): LimitsView => ({
    limits: usageOf(userLimits(limitDefaults, overrides.get(user.id) ?? {})),
    defaults: renderLimitValues(limitDefaults),
    overrides: renderLimitValues(overrides.get(user.id) ?? {}),
    keys: keys
      .filter((key) => key.userId === user.id && key.kind === 'user')
      .map((key) => ({
        id: key.id,
        name: key.name,
        key_prefix: key.keyPrefix,
        limits: usageOf(keyLimits(keyLimitsOf.get(key.id) ?? {})),
      })),
  });
  const newKey = (user: User, name: string, kind: 'user' | 'import') => {
    const key = `${kind === 'user' ? 'sk' : 'ik'}-${randomBytes(24).toString('hex')}`;
    const row: ApiKeyRow = {
      id: randomUUID(),
      userId: user.id,
      keyHash: key,
      keyPrefix: `${key.slice(0, 7)}...${key.slice(-4)}`,
      kind,
      name,
      isActive: true,
      requestCount: 0,
      limits: {},
      lastUsedAt: null,
      createdAt: new Date(),
    };
    keys.push(row);
    return { row, key };
  };
  /** Kiro accepts refresh tokens starting with `aor` here, as kiro-sim's lenient mode does. */
  const donate = (
    owner: User,
    refreshToken: string,
    options: {
      authKind?: 'social' | 'idc' | undefined;
      visibility?: 'public' | 'private' | undefined;
      anonymous?: boolean | undefined;
    },
  ) => {
    if (!refreshToken.startsWith('aor')) return undefined;
    const token: CredentialSummary = {
      id: randomUUID(),
      source: 'donated',
      authKind: options.authKind ?? 'social',
      ownerUserId: owner.id,
      visibility: options.visibility ?? 'private',
      anonymous: options.anonymous ?? false,
      status: 'active',
      statusReason: null,
      successCount: 0,
      failCount: 0,
      creditsUsed: 0,
      availableCredits: 50,
      quotaResetAt: null,
      lastUsedAt: null,
      lastCheckAt: now,
      createdAt: new Date(),
    };
    tokens.push(token);
    return token;
  };
  const page = <T>(items: T[]) => ({
    items,
    pagination: renderPagination({ page: 1, pageSize: 50 }, items.length),
  });

  const router = Router();
  router.use(bodyParsers());

  router.get('/oauth2/github/login', (_req, res) => {
    res.cookie('fake_user', 'alice', { path: '/' }).redirect(303, '/user');
  });
  router.get('/oauth2/logout', (_req, res) => {
    res.clearCookie('fake_user', { path: '/' }).redirect(303, '/login');
  });
  route(router, 'GET /health', async () => ({ status: 'healthy' }));
  route(router, 'GET /api/site-mode', async () => renderSiteMode({ siteEnabled, selfUseEnabled: selfUse }));
  route(router, 'GET /api/announcement', async () => ({
    announcement: announcement?.isActive && announcement.allowGuest ? renderAnnouncement(announcement) : null,
  }));
  route(router, 'GET /api/public-tokens', async () => {
    const pool = tokens.filter((token) => token.visibility === 'public');
    const owner = (token: CredentialSummary) =>
      users.find((user) => user.id === token.ownerUserId)?.username ?? null;
    return { tokens: pool.map((token) => renderPublicToken(token, owner(token))), count: pool.length };
  });

  const userApi = Router();
  userApi.use('/user/api', (req: Request, res: Response, next: NextFunction) => {
    const user = signedIn(req);
    if (!user) return fail(res, 401, 'UNAUTHENTICATED', 'Log in first');
    if (req.method !== 'GET' && !csrfOk(req, res)) return;
    res.locals.fakeUser = user;
    next();
  });
  route(userApi, 'GET /user/api/profile', async (_input, _req, res) => {
    const user = me(res);
    const own = tokens.filter((token) => token.ownerUserId === user.id);
    return renderProfile(
      user,
      ['github'],
      {
        tokens: own.length,
        publicTokens: own.filter((token) => token.visibility === 'public').length,
        apiKeys: keys.filter((key) => key.userId === user.id && key.kind === 'user').length,
      },
      CSRF,
    );
  });
  route(userApi, 'GET /user/api/announcement', async () => ({
    announcement: announcement?.isActive
      ? renderUserAnnouncement(announcement, { read: false, dismissed: false })
      : null,
  }));
  route(userApi, 'POST /user/api/announcement/dismiss', async () => ({ success: true }));
  route(userApi, 'GET /user/api/keys', async (_input, _req, res) => {
    const { items, pagination } = page(
      keys.filter((key) => key.userId === me(res).id && key.kind === 'user'),
    );
    return { keys: items.map(renderKey), pagination };
  });
  route(userApi, 'POST /user/api/keys', async ({ body }, _req, res) => {
    const user = me(res);
    const { row, key } = newKey(user, body.name ?? '', 'user');
    return {
      success: true,
      id: row.id,
      name: row.name,
      key,
      key_prefix: row.keyPrefix,
      uses_public_pool: !tokens.some((token) => token.ownerUserId === user.id && token.status === 'active'),
    };
  });
  route(userApi, 'PUT /user/api/keys/:id', async ({ params, body }, _req, res) => {
    const key = found(
      keys.find((each) => each.id === params.id && each.userId === me(res).id),
      'key',
    );
    key.isActive = body.is_active;
    return { success: true, key: renderKey(key) };
  });
  route(userApi, 'DELETE /user/api/keys/:id', async ({ params }, _req, res) => {
    const index = keys.findIndex((each) => each.id === params.id && each.userId === me(res).id);
    found(keys[index], 'key');
    keys.splice(index, 1);
    return { success: true };
  });
  route(userApi, 'GET /user/api/limits', async (_input, _req, res) => limitsOf(me(res)));
  route(userApi, 'PUT /user/api/keys/:id/limits', async ({ params, body }, _req, res) => {
    const user = me(res);
    const key = found(
      keys.find((each) => each.id === params.id && each.userId === user.id),
      'key',
    );
    const next = applyPatch(keyLimitsOf.get(key.id) ?? {}, parseLimitPatch(body));
    checkKeyWithinUser(next, userLimits(limitDefaults, overrides.get(user.id) ?? {}));
    keyLimitsOf.set(key.id, next);
    return { success: true, key: { id: key.id, limits: renderLimitValues(keyLimits(next)) } };
  });
  route(userApi, 'GET /user/api/tokens', async (_input, _req, res) => {
    const { items, pagination } = page(tokens.filter((token) => token.ownerUserId === me(res).id));
    return { tokens: items.map(renderToken), pagination };
  });
  route(userApi, 'POST /user/api/tokens', async ({ body }, _req, res) => {
    const token = donate(me(res), body.refresh_token, {
      authKind: body.auth_type,
      visibility: body.visibility,
      anonymous: body.anonymous,
    });
    if (!token) throw new AppError('INVALID_REQUEST', 'The refresh token was refused by Kiro');
    return { success: true, message: 'Token donated', token: renderToken(token) };
  });
  route(userApi, 'POST /user/api/tokens/import', async ({ body }, _req, res) => {
    const text = String(body.tokens_text ?? body.json_text ?? '');
    const candidates = text.split(/[\s,;]+/).filter(Boolean);
    const imported = candidates.filter((candidate) =>
      donate(me(res), candidate, { visibility: body.visibility }),
    ).length;
    return {
      success: true,
      message: 'ok',
      total: candidates.length,
      imported,
      skipped: 0,
      invalid: candidates.length - imported,
      failed: 0,
      missing_required: 0,
      errors: [],
    };
  });
  route(userApi, 'PUT /user/api/tokens/:id', async ({ params, body }, _req, res) => {
    const token = found(
      tokens.find((each) => each.id === params.id && each.ownerUserId === me(res).id),
      'token',
    );
    token.visibility = body.visibility ?? 'private';
    return { success: true, token: renderToken(token) };
  });
  route(userApi, 'DELETE /user/api/tokens/:id', async ({ params }, _req, res) => {
    const index = tokens.findIndex((each) => each.id === params.id && each.ownerUserId === me(res).id);
    found(tokens[index], 'token');
    tokens.splice(index, 1);
    return { success: true };
  });
  route(userApi, 'GET /user/api/usage', async () => {
    const days: DayBucket[] = Array.from({ length: 14 }, (_, i) => ({
      ...measures(i),
      date: new Date(Date.now() - (13 - i) * 86_400_000).toISOString().slice(0, 10),
      requests: i * 3,
      errors: i % 4 === 0 ? 1 : 0,
      input_tokens: i * 900,
      output_tokens: i * 300,
      credits: i * 0.4,
    }));
    return { days };
  });
  router.use(userApi);

  route(router, 'POST /admin/login', async ({ body }, _req, res) => {
    if (body.password !== 'admin-password') throw new AppError('UNAUTHENTICATED', 'Wrong password');
    res.cookie('fake_admin', '1', { path: '/' });
    return { success: true, csrf_token: CSRF };
  });
  router.get('/admin/logout', (_req, res) => {
    res.clearCookie('fake_admin', { path: '/' }).redirect(303, '/admin');
  });
  const adminApi = Router();
  adminApi.use('/admin/api', (req: Request, res: Response, next: NextFunction) => {
    if (!isAdmin(req)) return fail(res, 401, 'UNAUTHENTICATED', 'Admin login required');
    if (req.method !== 'GET' && !csrfOk(req, res)) return;
    next();
  });
  route(adminApi, 'GET /admin/api/session', async () => ({ authenticated: true, csrf_token: CSRF }));
  route(adminApi, 'GET /admin/api/stats', async () => {
    const hourly: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({
      ...measures(i),
      hour: new Date(Date.now() - (23 - i) * 3_600_000).toISOString(),
    }));
    return {
      total_requests: 1200,
      success_requests: 1150,
      failed_requests: 50,
      input_tokens: 0,
      output_tokens: 0,
      credits: 0,
      avg_latency_ms: 912,
      requests_24h: 600,
      model_usage: {},
      api_usage: {},
      hourly,
      daily: [],
      users_count: users.length,
      banned_count: users.filter((user) => user.status === 'banned').length,
      api_keys_count: keys.length,
      site_enabled: siteEnabled,
      self_use_enabled: selfUse,
      pool: {
        total: tokens.length,
        by_status: { active: tokens.length, invalid: 0, disabled: 0, suspended: 0, quota_exhausted: 0 },
        cooling_down: 0,
        in_flight: 0,
      },
    };
  });
  route(adminApi, 'GET /admin/api/users', async () => {
    const { items, pagination } = page(users);
    return {
      users: items.map((user) =>
        renderAdminUser(user, ['github'], {
          tokens: tokens.filter((token) => token.ownerUserId === user.id).length,
          apiKeys: keys.filter((key) => key.userId === user.id && key.kind === 'user').length,
        }),
      ),
      pagination,
    };
  });
  for (const action of ['ban', 'unban'] as const) {
    route(adminApi, `POST /admin/api/users/${action}`, async ({ body }) => {
      const user = found(
        users.find((each) => each.id === body.user_id),
        'user',
      );
      user.status = action === 'ban' ? 'banned' : 'active';
      return { success: true };
    });
  }
  const knownUser = (id: string) =>
    found(
      users.find((each) => each.id === id),
      'user',
    );
  route(adminApi, 'GET /admin/api/users/:id/limits', async ({ params }) => limitsOf(knownUser(params.id)));
  route(adminApi, 'PUT /admin/api/users/:id/limits', async ({ params, body }) => {
    const user = knownUser(params.id);
    overrides.set(user.id, applyPatch(overrides.get(user.id) ?? {}, parseLimitPatch(body)));
    return limitsOf(user);
  });
  route(adminApi, 'GET /admin/api/import-keys', async ({ query }) => {
    const { items, pagination } = page(
      keys.filter((key) => key.userId === query.user_id && key.kind === 'import'),
    );
    return { keys: items.map(renderImportKey), pagination };
  });
  route(adminApi, 'POST /admin/api/import-keys', async ({ body }) => {
    const { row, key } = newKey(knownUser(body.user_id), body.name ?? '', 'import');
    return { success: true, id: row.id, key, key_prefix: row.keyPrefix };
  });
  route(adminApi, 'GET /admin/api/donated-tokens', async ({ query }) => {
    const { items, pagination } = page(
      tokens.filter((token) => !query.user_id || token.ownerUserId === query.user_id),
    );
    const owner = (token: CredentialSummary) =>
      users.find((user) => user.id === token.ownerUserId)?.username ?? null;
    return { tokens: items.map((token) => renderAdminToken(token, owner(token))), pagination };
  });
  route(adminApi, 'POST /admin/api/donated-tokens/check', async ({ body }) => {
    const token = found(
      tokens.find((each) => each.id === body.token_id),
      'token',
    );
    return {
      success: true,
      result: renderCheckResult({
        credentialId: token.id,
        status: token.status,
        reason: null,
        availableCredits: 50,
        quotaResetAt: null,
        checkedAt: now,
      }),
    };
  });
  route(adminApi, 'GET /admin/api/ip-stats', async () => {
    const { items, pagination } = page(['203.0.113.7', '198.51.100.23']);
    return {
      ips: items.map((ip, i) =>
        renderIpStat(
          { ip, requests: 40 - i * 15, errors: i, lastSeen: now },
          blacklist.some((entry) => entry.ip === ip),
        ),
      ),
      pagination,
    };
  });
  route(adminApi, 'GET /admin/api/blacklist', async () => {
    const { items, pagination } = page(blacklist);
    return { ips: items.map(renderBlacklistEntry), pagination };
  });
  route(adminApi, 'POST /admin/api/ban-ip', async ({ body }) => {
    blacklist.push({ ip: body.ip, reason: body.reason ?? '', bannedAt: new Date() });
    return { success: true };
  });
  route(adminApi, 'POST /admin/api/unban-ip', async ({ body }) => {
    const index = blacklist.findIndex((entry) => entry.ip === body.ip);
    if (index >= 0) blacklist.splice(index, 1);
    return { success: true };
  });
  route(adminApi, 'POST /admin/api/toggle-site', async ({ body }) => {
    siteEnabled = body.enabled;
    return { success: true, site_enabled: siteEnabled };
  });
  route(adminApi, 'POST /admin/api/toggle-self-use', async ({ body }) => {
    selfUse = body.enabled;
    return { success: true, self_use_enabled: selfUse };
  });
  route(
    adminApi,
    'GET /admin/api/proxy-key',
    async (): Promise<ProxyKeyView> => ({
      configured: true,
      source: 'env',
      key_prefix: 'kg-p...abcd',
    }),
  );
  route(adminApi, 'POST /admin/api/proxy-key', async () => ({
    success: true,
    proxy_api_key: `kg-${randomBytes(16).toString('hex')}`,
    key_prefix: 'kg-n...wxyz',
  }));
  route(adminApi, 'POST /admin/api/clear-cache', async () => ({ success: true }));
  route(adminApi, 'GET /admin/api/audit-log', async () => {
    const { items, pagination } = page([
      { id: 1, actor: 'admin', action: 'login', target: null, details: null, at: now },
    ]);
    return { entries: items.map(renderAuditEntry), pagination };
  });
  route(adminApi, 'GET /admin/api/announcement', async () => ({
    announcement: announcement ? renderAnnouncement(announcement) : null,
  }));
  route(adminApi, 'POST /admin/api/announcement', async ({ body }) => {
    announcement = {
      id: 2,
      content: body.content,
      isActive: body.is_active ?? true,
      allowGuest: body.allow_guest ?? false,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    return { success: true, announcement: renderAnnouncement(announcement) };
  });
  router.use(adminApi);

  // Errors in the service's envelope and status.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!isAppError(error)) return next(error);
    fail(res, httpStatusFor(error.code), error.code, error.message);
  });

  const deps: WebDeps = {
    currentUser: async (req) => {
      const user = signedIn(req);
      return user ? { id: user.id, username: user.username, avatarUrl: null } : undefined;
    },
    isAdmin: async (req) => isAdmin(req),
    loginProviders: () => ({ github: true, linuxdo: true }),
    adminEnabled: () => true,
    siteMode: async () => (!siteEnabled ? 'maintenance' : selfUse ? 'self_use' : 'normal'),
    version: 'test',
  };
  return {
    router,
    deps,
    get csrfFailures() {
      return csrfFailures;
    },
  };
}
