import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CredentialAdmin } from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { type AnnouncementStore, render as renderAnnouncement } from '../announcements/announcement-store.ts';
import { renderToken } from '../donations/donation-service.ts';
import {
  iso,
  oneOfField,
  optionalBoolean,
  optionalString,
  pagination,
  paging,
  requiredBoolean,
  requiredString,
  uuidValue,
} from '../http/request-fields.ts';
import type { ApiKeyStore } from '../keys/api-key-store.ts';
import { displayPrefix } from '../keys/api-key-store.ts';
import type { KeyRevocations } from '../keys/key-revocations.ts';
import { adminLimitRoutes, type LimitRouteDeps } from '../limits/limit-routes.ts';
import type { Session, WebAuth } from '../sessions/web-auth.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import { renderKey } from '../user-routes.ts';
import type { UserStore } from '../users/user-store.ts';
import type { AuditLog } from './audit-log.ts';
import type { UsageStats } from './usage-stats.ts';

export interface AdminRouteDeps {
  password: string;
  envProxyApiKey: string | undefined;
  auth: WebAuth;
  rateLimiter: RateLimiter;
  users: UserStore;
  keys: ApiKeyStore;
  revocations: KeyRevocations;
  credentials: CredentialAdmin;
  announcements: AnnouncementStore;
  site: SiteSettings;
  audit: AuditLog;
  usage: UsageStats;
  onLogin: (result: 'ok' | 'wrong_password' | 'rate_limited') => void;
  limits: LimitRouteDeps;
}

const loginRules = [
  { limit: 5, windowMs: 60_000 },
  { limit: 20, windowMs: 3_600_000 },
] as const;
const credentialStatuses = ['active', 'invalid', 'disabled', 'suspended', 'quota_exhausted'] as const;

/** The admin panel's API; mounted only when ADMIN_PASSWORD is set. */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();

  router.post('/admin/login', async (req, res) => {
    deps.auth.checkSameOrigin(req);
    const ip = req.ip ?? 'unknown';
    for (const [index, rule] of loginRules.entries()) {
      const verdict = await deps.rateLimiter.hit(`admin-login:${index}:${ip}`, rule);
      if (!verdict.allowed) {
        deps.onLogin('rate_limited');
        throw new AppError('RATE_LIMITED', 'Too many login attempts; try again later', {
          retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
        });
      }
    }
    const password = optionalString(req, 'password', 1_024) ?? '';
    if (!samePassword(password, deps.password)) {
      deps.onLogin('wrong_password');
      await deps.audit.record('login_failed', null, { ip });
      throw new AppError('UNAUTHENTICATED', 'Wrong password');
    }
    const session = await deps.auth.start(req, res, 'admin', null);
    deps.onLogin('ok');
    await deps.audit.record('login', null, { ip });
    if (req.is('application/x-www-form-urlencoded') && req.accepts(['json', 'html']) === 'html') {
      res.redirect(303, '/admin');
      return;
    }
    res.json({ success: true, csrf_token: deps.auth.csrfToken(session) });
  });
  router.post('/admin/logout', async (req, res) => {
    const session = await deps.auth.current(req, 'admin');
    if (session) deps.auth.checkCsrf(req, session);
    await deps.auth.end(req, res, 'admin');
    res.json({ success: true });
  });
  router.get('/admin/logout', async (req, res) => {
    if (req.get('sec-fetch-site') === 'same-origin' || deps.auth.sameOrigin(req)) {
      await deps.auth.end(req, res, 'admin');
    }
    res.redirect(303, '/admin');
  });

  router.use('/admin/api', requireAdmin(deps.auth));

  router.get('/admin/api/session', (_req, res) => {
    res.json({ authenticated: true, csrf_token: deps.auth.csrfToken(res.locals.adminSession as Session) });
  });

  router.get('/admin/api/stats', async (_req, res) => {
    const [usage, counts, flags, apiKeys, pool] = await Promise.all([
      deps.usage.overview(),
      deps.users.counts(),
      deps.site.flags(),
      deps.keys.totalCount(),
      deps.credentials.poolStatus().catch(() => null),
    ]);
    res.json({
      ...usage,
      users_count: counts.users,
      banned_count: counts.banned,
      api_keys_count: apiKeys,
      site_enabled: flags.siteEnabled,
      self_use_enabled: flags.selfUseEnabled,
      pool: pool && {
        total: pool.total,
        by_status: pool.byStatus,
        cooling_down: pool.coolingDown,
        in_flight: pool.inFlight,
      },
    });
  });

  router.get('/admin/api/users', async (req, res) => {
    const page = paging(req);
    const { rows, total } = await deps.users.list({
      ...page,
      search: optionalString(req, 'search', 100),
      isBanned: optionalBoolean(req, 'is_banned'),
      sortField:
        oneOfField(req, 'sort_field', ['created_at', 'last_login', 'username'] as const) ?? 'created_at',
      sortOrder: oneOfField(req, 'sort_order', ['asc', 'desc'] as const) ?? 'desc',
    });
    const providers = await deps.users.providers(rows.map((row) => row.id));
    const tokenCounts = await Promise.all(
      rows.map((row) =>
        deps.credentials.list({ ownerUserId: row.id, page: 1, pageSize: 1 }).then((r) => r.total),
      ),
    );
    res.json({
      users: rows.map((row, index) => ({
        id: row.id,
        username: row.username,
        avatar_url: row.avatarUrl,
        trust_level: row.trustLevel,
        is_admin: row.isAdmin,
        is_banned: row.status === 'banned',
        providers: providers.get(row.id) ?? [],
        token_count: tokenCounts[index] ?? 0,
        api_key_count: row.apiKeyCount,
        created_at: iso(row.createdAt),
        last_login: iso(row.lastLoginAt),
      })),
      pagination: pagination(page, total),
    });
  });
  router.get('/admin/api/users/:id', async (req, res) => {
    const userId = uuidValue(req.params.id, 'user');
    const user = await deps.users.byId(userId);
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    const [providers, keys, tokens] = await Promise.all([
      deps.users.providers([userId]),
      deps.keys.list(userId, { offset: 0, pageSize: 200 }),
      deps.credentials.list({ ownerUserId: userId, page: 1, pageSize: 200 }),
    ]);
    res.json({
      user: {
        id: user.id,
        username: user.username,
        avatar_url: user.avatarUrl,
        trust_level: user.trustLevel,
        is_admin: user.isAdmin,
        is_banned: user.status === 'banned',
        providers: providers.get(userId) ?? [],
        created_at: iso(user.createdAt),
        last_login: iso(user.lastLoginAt),
      },
      keys: keys.rows.map(renderKey),
      tokens: tokens.items.map(renderToken),
    });
  });
  for (const action of ['ban', 'unban'] as const) {
    router.post(`/admin/api/users/${action}`, async (req, res) => {
      const userId = uuidValue(requiredString(req, 'user_id', 64), 'user');
      const user = await deps.users.setStatus(userId, action === 'ban' ? 'banned' : 'active');
      if (!user) throw new AppError('NOT_FOUND', 'No such user');
      if (action === 'ban') {
        await deps.auth.store.deleteForUser(userId);
        await deps.revocations.revoke(await deps.keys.hashesOf(userId));
      } else {
        await deps.revocations.revoke(await deps.keys.hashesOf(userId));
      }
      await deps.audit.record(`user_${action}`, userId, { username: user.username });
      res.json({ success: true });
    });
  }

  router.get('/admin/api/donated-tokens', async (req, res) => {
    const page = paging(req);
    const userId = optionalString(req, 'user_id', 64);
    const visibility = oneOfField(req, 'visibility', ['public', 'private'] as const);
    const status = oneOfField(req, 'status', credentialStatuses);
    const { items, total } = await deps.credentials.list({
      page: page.page,
      pageSize: page.pageSize,
      ...(userId ? { ownerUserId: uuidValue(userId, 'user') } : {}),
      ...(visibility ? { visibility } : {}),
      ...(status ? { status } : {}),
    });
    const owners = new Map<string, string>();
    for (const id of new Set(items.map((item) => item.ownerUserId).filter((id) => id !== null))) {
      const user = await deps.users.byId(id);
      if (user) owners.set(id, user.username);
    }
    res.json({
      tokens: items.map((item) => ({
        ...renderToken(item),
        source: item.source,
        owner_id: item.ownerUserId,
        owner_username: item.ownerUserId ? (owners.get(item.ownerUserId) ?? null) : null,
      })),
      pagination: pagination(page, total),
    });
  });
  router.post('/admin/api/donated-tokens/visibility', async (req, res) => {
    const id = uuidValue(requiredString(req, 'token_id', 64), 'token');
    const visibility = oneOfField(req, 'visibility', ['public', 'private'] as const);
    if (!visibility) throw new AppError('INVALID_REQUEST', 'visibility is required', { param: 'visibility' });
    if (visibility === 'public' && (await deps.site.flags()).selfUseEnabled) {
      throw new AppError('FORBIDDEN', 'Public tokens are not allowed in self-use mode');
    }
    const token = await deps.credentials.update(id, { visibility });
    await deps.audit.record('token_visibility', id, { visibility });
    res.json({ success: true, token: renderToken(token) });
  });
  router.post('/admin/api/donated-tokens/delete', async (req, res) => {
    const id = uuidValue(requiredString(req, 'token_id', 64), 'token');
    await deps.credentials.delete(id);
    await deps.audit.record('token_delete', id);
    res.json({ success: true });
  });
  router.post('/admin/api/donated-tokens/check', async (req, res) => {
    const id = uuidValue(requiredString(req, 'token_id', 64), 'token');
    const result = await deps.credentials.check(id);
    await deps.audit.record('token_check', id, { status: result.status });
    res.json({
      success: true,
      result: {
        status: result.status,
        reason: result.reason,
        available_credits: result.availableCredits,
        quota_reset_at: iso(result.quotaResetAt),
        checked_at: iso(result.checkedAt),
      },
    });
  });

  router.get('/admin/api/import-keys', async (req, res) => {
    const userId = uuidValue(requiredString(req, 'user_id', 64), 'user');
    const page = paging(req);
    const { rows, total } = await deps.keys.list(userId, page, 'import');
    res.json({
      keys: rows.map((row) => ({
        id: row.id,
        name: row.name,
        key_prefix: row.keyPrefix,
        is_active: row.isActive,
        created_at: iso(row.createdAt),
        last_used: iso(row.lastUsedAt),
      })),
      pagination: pagination(page, total),
    });
  });
  router.post('/admin/api/import-keys', async (req, res) => {
    const userId = uuidValue(requiredString(req, 'user_id', 64), 'user');
    const user = await deps.users.byId(userId);
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    const { row, key } = await deps.keys.create(userId, optionalString(req, 'name', 64) ?? '', 'import');
    await deps.audit.record('import_key_create', userId, { key_id: row.id, key_prefix: row.keyPrefix });
    res.status(201).json({ success: true, id: row.id, key, key_prefix: row.keyPrefix });
  });
  router.post('/admin/api/import-keys/delete', async (req, res) => {
    const keyId = uuidValue(requiredString(req, 'key_id', 64), 'key');
    const row = await deps.keys.deleteAny(keyId, 'import');
    if (!row) throw new AppError('NOT_FOUND', 'No such import key');
    await deps.audit.record('import_key_delete', row.userId, { key_id: row.id });
    res.json({ success: true });
  });

  router.get('/admin/api/ip-stats', async (req, res) => {
    const page = paging(req);
    const hours = Number(req.query.hours ?? 24);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) {
      throw new AppError('INVALID_REQUEST', 'hours must be between 1 and 2160', { param: 'hours' });
    }
    const [{ rows, total }, blacklist] = await Promise.all([
      deps.usage.ipStats({
        ...page,
        hours,
        search: optionalString(req, 'search', 64),
        sortField: oneOfField(req, 'sort_field', ['requests', 'last_seen'] as const) ?? 'requests',
        sortOrder: oneOfField(req, 'sort_order', ['asc', 'desc'] as const) ?? 'desc',
      }),
      deps.site.blacklist({ offset: 0, pageSize: 100_000 }),
    ]);
    const banned = new Set(blacklist.rows.map((row) => row.ip));
    res.json({
      ips: rows.map((row) => ({
        ip: row.ip,
        requests: row.requests,
        errors: row.errors,
        last_seen: iso(row.lastSeen),
        banned: banned.has(row.ip),
      })),
      pagination: pagination(page, total),
    });
  });
  router.get('/admin/api/blacklist', async (req, res) => {
    const page = paging(req);
    const { rows, total } = await deps.site.blacklist(page);
    res.json({
      ips: rows.map((row) => ({ ip: row.ip, reason: row.reason, banned_at: iso(row.bannedAt) })),
      pagination: pagination(page, total),
    });
  });
  router.post('/admin/api/ban-ip', async (req, res) => {
    const ip = requiredString(req, 'ip', 64);
    const reason = optionalString(req, 'reason', 500) ?? '';
    await deps.site.banIp(ip, reason);
    await deps.audit.record('ip_ban', ip, { reason });
    res.json({ success: true });
  });
  router.post('/admin/api/unban-ip', async (req, res) => {
    const ip = requiredString(req, 'ip', 64);
    if (!(await deps.site.unbanIp(ip))) throw new AppError('NOT_FOUND', 'That IP is not blacklisted');
    await deps.audit.record('ip_unban', ip);
    res.json({ success: true });
  });

  router.post('/admin/api/toggle-site', async (req, res) => {
    const enabled = requiredBoolean(req, 'enabled');
    await deps.site.setFlag('siteEnabled', enabled);
    await deps.audit.record('site_toggle', null, { enabled });
    res.json({ success: true, site_enabled: enabled });
  });
  router.post('/admin/api/toggle-self-use', async (req, res) => {
    const enabled = requiredBoolean(req, 'enabled');
    await deps.site.setFlag('selfUseEnabled', enabled);
    await deps.audit.record('self_use_toggle', null, { enabled });
    res.json({ success: true, self_use_enabled: enabled });
  });

  router.get('/admin/api/proxy-key', async (_req, res) => {
    const runtime = await deps.site.proxyApiKey();
    const env = deps.envProxyApiKey;
    res.json({
      configured: runtime !== null || env !== undefined,
      source: runtime ? 'admin' : env ? 'env' : 'none',
      key_prefix: runtime ? runtime.prefix : env ? displayPrefix(env) : null,
    });
  });
  router.post('/admin/api/proxy-key', async (req, res) => {
    const given = optionalString(req, 'proxy_api_key', 256);
    if (given !== undefined && (given.length < 16 || /[\s:]/.test(given))) {
      throw new AppError(
        'INVALID_REQUEST',
        'proxy_api_key needs at least 16 characters, no spaces or colons',
        {
          param: 'proxy_api_key',
        },
      );
    }
    const key = given ?? `kg-${randomBytes(24).toString('hex')}`;
    await deps.site.setProxyApiKey(key);
    await deps.audit.record('proxy_key_rotate', null, {
      key_prefix: displayPrefix(key),
      generated: given === undefined,
    });
    res.json({ success: true, proxy_api_key: key, key_prefix: displayPrefix(key) });
  });

  router.post('/admin/api/clear-cache', async (_req, res) => {
    await deps.revocations.revokeAll();
    await deps.site.publish();
    await deps.audit.record('cache_clear', null);
    res.json({ success: true });
  });

  router.get('/admin/api/announcement', async (_req, res) => {
    const latest = await deps.announcements.latest();
    res.json({ announcement: latest ? renderAnnouncement(latest) : null });
  });
  router.post('/admin/api/announcement', async (req, res) => {
    const content = requiredString(req, 'content', 20_000);
    const row = await deps.announcements.post(
      content,
      optionalBoolean(req, 'is_active') ?? true,
      optionalBoolean(req, 'allow_guest') ?? false,
    );
    await deps.audit.record('announcement_post', String(row.id), {
      is_active: row.isActive,
      allow_guest: row.allowGuest,
    });
    res.json({ success: true, announcement: renderAnnouncement(row) });
  });

  router.get('/admin/api/audit-log', async (req, res) => {
    const page = paging(req);
    const { rows, total } = await deps.audit.list(page);
    res.json({
      entries: rows.map((row) => ({
        id: row.id,
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: row.details,
        at: iso(row.at),
      })),
      pagination: pagination(page, total),
    });
  });
  router.use(adminLimitRoutes(deps.limits));
  return router;
}

function requireAdmin(auth: WebAuth) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await auth.current(req, 'admin');
    if (!session) throw new AppError('UNAUTHENTICATED', 'Admin login required');
    auth.checkCsrf(req, session);
    res.locals.adminSession = session;
    next();
  };
}

/** Compares digests so neither the length nor the content of the password leaks through timing. */
function samePassword(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
