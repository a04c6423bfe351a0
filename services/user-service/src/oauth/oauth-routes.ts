import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@kirogate/observability';
import type { Cache, RateLimiter } from '@kirogate/platform';
import { type Request, type Response, Router } from 'express';
import type { WebAuth } from '../sessions/web-auth.ts';
import type { SiteSettings } from '../site/site-settings.ts';
import type { OAuthProvider, UserStore } from '../users/user-store.ts';
import { exchangeCode, OAuthAccountRefused, type OAuthProviderConfig } from './oauth-providers.ts';

export interface OAuthRouteDeps {
  providers: Partial<Record<OAuthProvider, OAuthProviderConfig>>;
  /** The visitor cache: pending logins are anyone's to create. */
  cache: Cache;
  rateLimiter: RateLimiter;
  /** Login starts allowed per client IP per minute; 0 = unlimited. */
  loginsPerMinute: number;
  auth: WebAuth;
  users: UserStore;
  site: SiteSettings;
  minLinuxdoTrustLevel: number;
  logger: Logger;
  onLogin: (provider: OAuthProvider, result: string) => void;
}

interface PendingLogin {
  provider: OAuthProvider;
  codeVerifier: string;
}

const stateTtlMs = 10 * 60_000;
const stateCookie = 'oauth_state';

/**
 * Authorization code flow with `state` and PKCE (S256). The state goes to the browser in an httpOnly
 * cookie and to the provider; the verifier stays server-side (Cache, single use), so a stolen code is
 * useless and a callback from someone else's login is refused.
 */
export function oauthRoutes(deps: OAuthRouteDeps): Router {
  const router = Router();
  const paths: Record<OAuthProvider, { login: string; callback: string }> = {
    github: { login: '/oauth2/github/login', callback: '/oauth2/github/callback' },
    linuxdo: { login: '/oauth2/login', callback: '/oauth2/callback' },
  };
  for (const provider of ['github', 'linuxdo'] as const) {
    router.get(paths[provider].login, (req, res) => startLogin(deps, provider, req, res));
    router.get(paths[provider].callback, (req, res) => finishLogin(deps, provider, req, res));
  }
  router.get('/api/auth/providers', (_req, res) => {
    res.json({ github: deps.providers.github !== undefined, linuxdo: deps.providers.linuxdo !== undefined });
  });
  router.post('/oauth2/logout', async (req, res) => {
    const session = await deps.auth.current(req, 'user');
    if (session) deps.auth.checkCsrf(req, session);
    await deps.auth.end(req, res, 'user');
    res.json({ success: true });
  });
  router.get('/oauth2/logout', async (req, res) => {
    // A cross-site image or link must not log people out; a click on our own page sends a Referer.
    if (req.get('sec-fetch-site') === 'same-origin' || deps.auth.sameOrigin(req)) {
      await deps.auth.end(req, res, 'user');
    }
    res.redirect(303, '/login');
  });
  return router;
}

async function startLogin(
  deps: OAuthRouteDeps,
  provider: OAuthProvider,
  req: Request,
  res: Response,
): Promise<void> {
  const config = deps.providers[provider];
  if (!config) {
    res.redirect(303, '/login?error=not_configured');
    return;
  }
  if (deps.loginsPerMinute > 0) {
    const verdict = await deps.rateLimiter.hit(`oauth-login:${req.ip ?? 'unknown'}`, {
      limit: deps.loginsPerMinute,
      windowMs: 60_000,
    });
    if (!verdict.allowed) {
      deps.onLogin(provider, 'rate_limited');
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      res
        .status(429)
        .set('retry-after', String(seconds))
        .type('text/plain')
        .send(`Too many logins started from this address; try again in ${seconds} s.`);
      return;
    }
  }
  const state = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const pending: PendingLogin = { provider, codeVerifier };
  await deps.cache.set(stateKey(state), pending, stateTtlMs);
  deps.auth.setCookie(req, res, stateCookie, state, stateTtlMs / 1000, 'lax');
  const target = new URL(config.authorizeUrl);
  target.searchParams.set('client_id', config.clientId);
  target.searchParams.set('response_type', 'code');
  target.searchParams.set('redirect_uri', config.redirectUri);
  target.searchParams.set('state', state);
  if (config.scope) target.searchParams.set('scope', config.scope);
  target.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
  target.searchParams.set('code_challenge_method', 'S256');
  res.redirect(302, target.toString());
}

async function finishLogin(
  deps: OAuthRouteDeps,
  provider: OAuthProvider,
  req: Request,
  res: Response,
): Promise<void> {
  const fail = (reason: string) => {
    deps.onLogin(provider, reason);
    res.redirect(303, `/login?error=${reason}`);
  };
  const config = deps.providers[provider];
  if (!config) return fail('not_configured');
  const state = typeof req.query.state === 'string' ? req.query.state : '';
  const code = typeof req.query.code === 'string' ? req.query.code : '';
  const cookieState = deps.auth.readCookie(req, stateCookie) ?? '';
  deps.auth.clearCookie(req, res, stateCookie);
  if (!state || !sameText(state, cookieState)) return fail('state');
  const pending = await deps.cache.get<PendingLogin>(stateKey(state));
  await deps.cache.delete(stateKey(state));
  if (!pending || pending.provider !== provider) return fail('state');
  if (!code || typeof req.query.error === 'string') return fail('provider');

  let identity: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    identity = await exchangeCode(config, code, pending.codeVerifier);
  } catch (error) {
    if (error instanceof OAuthAccountRefused) return fail('account_refused');
    deps.logger.warn(
      { provider, reason: error instanceof Error ? error.message : 'unknown' },
      'OAuth login failed',
    );
    return fail('provider');
  }
  if (provider === 'linuxdo' && identity.trustLevel < deps.minLinuxdoTrustLevel) return fail('trust_level');
  const { selfUseEnabled } = await deps.site.flags();
  const outcome = await deps.users.login(identity, !selfUseEnabled);
  if (!outcome.ok) return fail(outcome.reason);
  await deps.auth.start(req, res, 'user', outcome.user.id);
  deps.onLogin(provider, 'ok');
  deps.logger.info({ provider, userId: outcome.user.id, created: outcome.created }, 'user logged in');
  res.redirect(303, '/user');
}

function stateKey(state: string): string {
  return `oauth:state:${createHash('sha256').update(state).digest('hex')}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
