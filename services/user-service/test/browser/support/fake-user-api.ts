import { randomBytes, randomUUID } from 'node:crypto';
import { noLimits } from '@kirogate/contracts';
import { isAppError } from '@kirogate/errors';
import express, { type Request, type Response, Router } from 'express';
import {
  applyPatch,
  checkKeyWithinUser,
  keyLimits,
  parseLimitPatch,
  type StoredLimits,
  userLimits,
  wireNames,
} from '../../../src/limits/limit-values.ts';
import type { WebDeps } from '../../../src/web/web-deps.ts';

/**
 * An in-memory stand-in for user-service's JSON APIs, shaped like the README, so the pages can be
 * driven in a browser without Postgres. Sessions are plain cookies (`fake_user`, `fake_admin`); the
 * CSRF token is a constant that every mutating call must carry.
 */
export interface FakeUserApi {
  router: Router;
  deps: WebDeps;
  /** Mutating calls that arrived without the CSRF token. */
  readonly csrfFailures: number;
}

const CSRF = 'csrf-token-for-tests';

interface Key {
  id: string;
  user: string;
  name: string;
  key_prefix: string;
  is_active: boolean;
  request_count: number;
  last_used: string | null;
  created_at: string;
  limits: StoredLimits;
}

interface Token {
  id: string;
  user: string;
  auth_type: 'social' | 'idc';
  visibility: 'public' | 'private';
  anonymous: boolean;
  status: string;
  status_reason: string | null;
  success_count: number;
  fail_count: number;
  success_rate: number;
  credits_used: number;
  available_credits: number | null;
  last_used: string | null;
  last_check: string | null;
  created_at: string;
}

/** The defaults of the real service's settings. */
const limitDefaults = {
  requestsPerMinute: 30,
  concurrentRequests: 4,
  dailyCredits: 50,
  monthlyCredits: 500,
  dailyTokens: 5_000_000,
};

/** A limits view as the real API renders it, with fixed usage (the real counters are tested elsewhere). */
function limitsView(values: typeof limitDefaults) {
  const used = {
    requestsPerMinute: 3,
    concurrentRequests: 1,
    dailyCredits: 12.5,
    monthlyCredits: 40,
    dailyTokens: 120_000,
  };
  const now = new Date();
  const dayEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const resets: Record<keyof typeof limitDefaults, string | null> = {
    requestsPerMinute: null,
    concurrentRequests: null,
    dailyCredits: dayEnd.toISOString(),
    monthlyCredits: monthEnd.toISOString(),
    dailyTokens: dayEnd.toISOString(),
  };
  const out: Record<string, { limit: number; used: number; resets_at: string | null }> = {};
  for (const [name, wire] of Object.entries(wireNames) as [keyof typeof limitDefaults, string][]) {
    out[wire] = { limit: values[name], used: used[name], resets_at: resets[name] };
  }
  return out;
}

function wire(limits: StoredLimits): Record<string, number> {
  return Object.fromEntries(
    Object.entries(limits).map(([name, value]) => [wireNames[name as keyof typeof wireNames], value]),
  );
}

function cookie(req: Request, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.get('cookie') ?? '')?.[1];
}

export function fakeUserApi(): FakeUserApi {
  const now = new Date().toISOString();
  const keys: Key[] = [];
  const tokens: Token[] = [];
  const overrides = new Map<string, StoredLimits>();
  const limitsOf = (name: string) => ({
    limits: limitsView(userLimits(limitDefaults, overrides.get(name) ?? {})),
    defaults: wire(limitDefaults),
    overrides: wire(overrides.get(name) ?? {}),
    keys: keys
      .filter((k) => k.user === name)
      .map((k) => ({
        id: k.id,
        name: k.name,
        key_prefix: k.key_prefix,
        limits: limitsView(keyLimits(k.limits)),
      })),
  });
  /** Runs a limits change through the real validation; its errors answer 400 as the service does. */
  const validated = (res: Response, change: () => void) => {
    try {
      change();
      return true;
    } catch (error) {
      if (!isAppError(error)) throw error;
      fail(res, 400, error.code, error.message);
      return false;
    }
  };
  const banned = new Set<string>();
  const blacklist: { ip: string; reason: string; banned_at: string }[] = [];
  let siteEnabled = true;
  let selfUse = false;
  let announcement: { id: number; content: string; is_active: boolean; allow_guest: boolean } | null = {
    id: 1,
    content: 'Welcome to KiroGate <b>not bold</b>\nSecond line.',
    is_active: true,
    allow_guest: true,
  };
  let csrfFailures = 0;
  const router = Router();
  router.use(express.json());
  router.use(express.urlencoded({ extended: false }));

  const user = (req: Request) => {
    const name = cookie(req, 'fake_user');
    return name && !banned.has(name) ? name : undefined;
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
  const asToken = ({ user: _user, ...token }: Token) => token;
  const page = <T>(items: T[]) => ({ page: 1, page_size: 50, total: items.length, items });

  router.get('/oauth2/github/login', (_req, res) => {
    res.cookie('fake_user', 'alice', { path: '/' }).redirect(303, '/user');
  });
  router.get('/oauth2/logout', (_req, res) => {
    res.clearCookie('fake_user', { path: '/' }).redirect(303, '/login');
  });
  router.get('/health', (_req, res) => {
    res.json({ status: 'healthy' });
  });
  router.get('/api/site-mode', (_req, res) => {
    res.json({
      mode: !siteEnabled ? 'maintenance' : selfUse ? 'self_use' : 'normal',
      site_enabled: siteEnabled,
      self_use_enabled: selfUse,
    });
  });
  router.get('/api/announcement', (_req, res) => {
    res.json({ announcement: announcement?.is_active && announcement.allow_guest ? announcement : null });
  });
  router.get('/api/public-tokens', (_req, res) => {
    const pool = tokens.filter((t) => t.visibility === 'public');
    res.json({
      tokens: pool.map((t) => ({
        id: t.id,
        username: t.anonymous ? null : t.user,
        success_rate: t.success_rate,
        last_used: t.last_used,
      })),
      count: pool.length,
    });
  });

  const users = Router();
  users.use((req, res, next) => {
    const name = user(req);
    if (!name) return fail(res, 401, 'UNAUTHENTICATED', 'Log in first');
    if (req.method !== 'GET' && !csrfOk(req, res)) return;
    res.locals.user = name;
    next();
  });
  users.get('/profile', (_req, res) => {
    res.json({ id: res.locals.user, username: res.locals.user, csrf_token: CSRF });
  });
  users.get('/announcement', (_req, res) => {
    res.json({
      announcement: announcement?.is_active ? { ...announcement, is_read: false, is_dismissed: false } : null,
    });
  });
  users.post('/announcement/dismiss', (_req, res) => {
    res.json({ success: true });
  });
  users.get('/keys', (_req, res) => {
    const mine = keys.filter((k) => k.user === res.locals.user).map(({ user: _u, ...k }) => k);
    const { items, ...pagination } = page(mine);
    res.json({ keys: items, pagination });
  });
  users.post('/keys', (req, res) => {
    const key = `sk-${randomBytes(24).toString('hex')}`;
    const entry: Key = {
      id: randomUUID(),
      user: res.locals.user,
      name: String(req.body.name ?? ''),
      key_prefix: `sk-${key.slice(3, 7)}...${key.slice(-4)}`,
      is_active: true,
      request_count: 0,
      last_used: null,
      created_at: new Date().toISOString(),
      limits: {},
    };
    keys.push(entry);
    const poolOnly = !tokens.some((t) => t.user === res.locals.user && t.status === 'active');
    res.status(201).json({
      success: true,
      id: entry.id,
      name: entry.name,
      key,
      key_prefix: entry.key_prefix,
      uses_public_pool: poolOnly,
    });
  });
  users.put('/keys/:id', (req, res) => {
    const key = keys.find((k) => k.id === req.params.id && k.user === res.locals.user);
    if (!key) return fail(res, 404, 'NOT_FOUND', 'No such key');
    key.is_active = req.body.is_active === true || req.body.is_active === 'true';
    res.json({ success: true, key });
  });
  users.get('/limits', (_req, res) => {
    res.json(limitsOf(res.locals.user));
  });
  users.put('/keys/:id/limits', (req, res) => {
    const key = keys.find((k) => k.id === req.params.id && k.user === res.locals.user);
    if (!key) return fail(res, 404, 'NOT_FOUND', 'No such key');
    let next: StoredLimits = {};
    const ok = validated(res, () => {
      next = applyPatch(key.limits, parseLimitPatch(req.body));
      checkKeyWithinUser(next, userLimits(limitDefaults, overrides.get(res.locals.user) ?? {}));
    });
    if (!ok) return;
    key.limits = next;
    res.json({ success: true, key: { id: key.id, limits: wire({ ...noLimits, ...next }) } });
  });
  users.delete('/keys/:id', (req, res) => {
    const index = keys.findIndex((k) => k.id === req.params.id && k.user === res.locals.user);
    if (index < 0) return fail(res, 404, 'NOT_FOUND', 'No such key');
    keys.splice(index, 1);
    res.json({ success: true });
  });
  const addToken = (owner: string, refreshToken: string, body: Record<string, unknown>) => {
    if (!refreshToken.startsWith('aor')) return undefined;
    const token: Token = {
      id: randomUUID(),
      user: owner,
      auth_type: body.auth_type === 'idc' ? 'idc' : 'social',
      visibility: body.visibility === 'public' ? 'public' : 'private',
      anonymous: body.anonymous === true || body.anonymous === 'true',
      status: 'active',
      status_reason: null,
      success_count: 0,
      fail_count: 0,
      success_rate: 100,
      credits_used: 0,
      available_credits: 50,
      last_used: null,
      last_check: now,
      created_at: new Date().toISOString(),
    };
    tokens.push(token);
    return token;
  };
  users.get('/tokens', (_req, res) => {
    const { items, ...pagination } = page(tokens.filter((t) => t.user === res.locals.user).map(asToken));
    res.json({ tokens: items, pagination });
  });
  users.post('/tokens', (req, res) => {
    const token = addToken(res.locals.user, String(req.body.refresh_token ?? ''), req.body);
    if (!token) return fail(res, 400, 'INVALID_REQUEST', 'The refresh token was refused by Kiro');
    res.status(201).json({ success: true, message: 'Token donated', token: asToken(token) });
  });
  users.post('/tokens/import', express.text({ type: 'multipart/form-data' }), (req, res) => {
    const field = (name: string) =>
      new RegExp(`name="${name}"\\r\\n\\r\\n([\\s\\S]*?)\\r\\n--`).exec(String(req.body))?.[1];
    const text = field('tokens_text') ?? field('json_text') ?? '';
    const candidates = text.split(/[\s,;]+/).filter(Boolean);
    const imported = candidates.filter((c) =>
      addToken(res.locals.user, c, { visibility: field('visibility') }),
    ).length;
    res.json({
      success: true,
      message: 'ok',
      total: candidates.length,
      imported,
      skipped: 0,
      invalid: candidates.length - imported,
      failed: 0,
      missing_required: 0,
      errors: [],
    });
  });
  users.put('/tokens/:id', (req, res) => {
    const token = tokens.find((t) => t.id === req.params.id && t.user === res.locals.user);
    if (!token) return fail(res, 404, 'NOT_FOUND', 'No such token');
    token.visibility = req.body.visibility === 'public' ? 'public' : 'private';
    res.json({ success: true, token: asToken(token) });
  });
  users.delete('/tokens/:id', (req, res) => {
    const index = tokens.findIndex((t) => t.id === req.params.id && t.user === res.locals.user);
    if (index < 0) return fail(res, 404, 'NOT_FOUND', 'No such token');
    tokens.splice(index, 1);
    res.json({ success: true });
  });
  users.get('/usage', (_req, res) => {
    const days = Array.from({ length: 14 }, (_, i) => {
      const date = new Date(Date.now() - (13 - i) * 86_400_000).toISOString().slice(0, 10);
      return {
        date,
        requests: i * 3,
        errors: i % 4 === 0 ? 1 : 0,
        input_tokens: i * 900,
        output_tokens: i * 300,
        credits: i * 0.4,
      };
    });
    res.json({ days });
  });
  router.use('/user/api', users);

  router.post('/admin/login', (req, res) => {
    if (req.body.password !== 'admin-password') return fail(res, 401, 'UNAUTHENTICATED', 'Wrong password');
    res.cookie('fake_admin', '1', { path: '/' }).json({ success: true, csrf_token: CSRF });
  });
  router.get('/admin/logout', (_req, res) => {
    res.clearCookie('fake_admin', { path: '/' }).redirect(303, '/admin');
  });
  const admin = Router();
  admin.use((req, res, next) => {
    if (!isAdmin(req)) return fail(res, 401, 'UNAUTHENTICATED', 'Admin login required');
    if (req.method !== 'GET' && !csrfOk(req, res)) return;
    next();
  });
  admin.get('/session', (_req, res) => {
    res.json({ authenticated: true, csrf_token: CSRF });
  });
  admin.get('/stats', (_req, res) => {
    const hourly = Array.from({ length: 24 }, (_, i) => ({
      hour: new Date(Date.now() - (23 - i) * 3_600_000).toISOString(),
      requests: 20 + ((i * 7) % 13),
      errors: i % 5,
      credits: 1 + (i % 3),
      input_tokens: 4000 + i * 100,
      output_tokens: 1200 + i * 40,
      avg_latency_ms: 800 + ((i * 37) % 300),
      avg_ttft_ms: 300 + ((i * 17) % 120),
    }));
    res.json({
      total_requests: 1200,
      success_requests: 1150,
      failed_requests: 50,
      avg_latency_ms: 912,
      requests_24h: 600,
      users_count: 2,
      banned_count: blacklist.length,
      site_enabled: siteEnabled,
      self_use_enabled: selfUse,
      pool: { total: tokens.length, by_status: { active: tokens.length }, cooling_down: 0, in_flight: 0 },
      hourly,
      daily: [],
    });
  });
  admin.get('/users/:id/limits', (req, res) => {
    res.json(limitsOf(String(req.params.id)));
  });
  admin.put('/users/:id/limits', (req, res) => {
    const name = String(req.params.id);
    const ok = validated(res, () => {
      overrides.set(name, applyPatch(overrides.get(name) ?? {}, parseLimitPatch(req.body)));
    });
    if (ok) res.json(limitsOf(name));
  });
  admin.get('/users', (_req, res) => {
    const all = ['alice', 'bob'].map((name) => ({
      id: name,
      username: name,
      avatar_url: null,
      trust_level: 2,
      is_admin: false,
      is_banned: banned.has(name),
      providers: ['github'],
      token_count: tokens.filter((t) => t.user === name).length,
      api_key_count: keys.filter((k) => k.user === name).length,
      created_at: now,
      last_login: now,
    }));
    const { items, ...pagination } = page(all);
    res.json({ users: items, pagination });
  });
  admin.post('/users/ban', (req, res) => {
    banned.add(String(req.body.user_id));
    res.json({ success: true });
  });
  admin.post('/users/unban', (req, res) => {
    banned.delete(String(req.body.user_id));
    res.json({ success: true });
  });
  admin.get('/donated-tokens', (_req, res) => {
    const { items, ...pagination } = page(
      tokens.map((t) => ({ ...asToken(t), owner_id: t.user, owner_username: t.user })),
    );
    res.json({ tokens: items, pagination });
  });
  admin.post('/donated-tokens/check', (req, res) => {
    const token = tokens.find((t) => t.id === req.body.token_id);
    if (!token) return fail(res, 404, 'NOT_FOUND', 'No such token');
    res.json({
      success: true,
      result: {
        status: token.status,
        reason: null,
        available_credits: 50,
        quota_reset_at: null,
        checked_at: now,
      },
    });
  });
  admin.get('/ip-stats', (_req, res) => {
    const ips = ['203.0.113.7', '198.51.100.23'].map((ip, i) => ({
      ip,
      requests: 40 - i * 15,
      errors: i,
      last_seen: now,
      banned: blacklist.some((b) => b.ip === ip),
    }));
    const { items, ...pagination } = page(ips);
    res.json({ ips: items, pagination });
  });
  admin.get('/blacklist', (_req, res) => {
    const { items, ...pagination } = page(blacklist);
    res.json({ ips: items, pagination });
  });
  admin.post('/ban-ip', (req, res) => {
    blacklist.push({
      ip: String(req.body.ip),
      reason: String(req.body.reason ?? ''),
      banned_at: new Date().toISOString(),
    });
    res.json({ success: true });
  });
  admin.post('/unban-ip', (req, res) => {
    const index = blacklist.findIndex((b) => b.ip === req.body.ip);
    if (index >= 0) blacklist.splice(index, 1);
    res.json({ success: true });
  });
  admin.post('/toggle-site', (req, res) => {
    siteEnabled = req.body.enabled === true;
    res.json({ success: true, site_enabled: siteEnabled });
  });
  admin.post('/toggle-self-use', (req, res) => {
    selfUse = req.body.enabled === true;
    res.json({ success: true, self_use_enabled: selfUse });
  });
  admin.get('/proxy-key', (_req, res) => {
    res.json({ configured: true, source: 'env', key_prefix: 'kg-p...abcd' });
  });
  admin.post('/proxy-key', (_req, res) => {
    res.json({
      success: true,
      proxy_api_key: `kg-${randomBytes(16).toString('hex')}`,
      key_prefix: 'kg-n...wxyz',
    });
  });
  admin.post('/clear-cache', (_req, res) => {
    res.json({ success: true });
  });
  admin.get('/audit-log', (_req, res) => {
    const { items, ...pagination } = page([
      { id: 1, actor: 'admin', action: 'login', target: null, details: null, at: now },
    ]);
    res.json({ entries: items, pagination });
  });
  admin.get('/announcement', (_req, res) => {
    res.json({ announcement });
  });
  admin.post('/announcement', (req, res) => {
    announcement = {
      id: 2,
      content: String(req.body.content),
      is_active: req.body.is_active === true,
      allow_guest: req.body.allow_guest === true,
    };
    res.json({ success: true, announcement });
  });
  router.use('/admin/api', admin);

  const deps: WebDeps = {
    currentUser: async (req) => {
      const name = user(req);
      return name ? { id: name, username: name, avatarUrl: null } : undefined;
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
