import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@kirogate/errors';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { route } from '../../http/route.ts';
import type { Session, WebAuth } from '../../sessions/web-auth.ts';
import type { AdminRouteDeps } from '../admin-route-deps.ts';

const loginRules = [
  { limit: 5, windowMs: 60_000 },
  { limit: 20, windowMs: 3_600_000 },
] as const;

/** Password login (JSON, or a form without JavaScript), logout, and the session's CSRF token. */
export function adminAuthRoutes(
  deps: Pick<AdminRouteDeps, 'auth' | 'rateLimiter' | 'password' | 'audit' | 'onLogin'>,
): Router {
  const router = Router();
  route(router, 'POST /admin/login', async ({ body }, req, res) => {
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
    if (!samePassword(body.password ?? '', deps.password)) {
      deps.onLogin('wrong_password');
      await deps.audit.record('login_failed', null, { ip });
      throw new AppError('UNAUTHENTICATED', 'Wrong password');
    }
    const session = await deps.auth.start(req, res, 'admin', null);
    deps.onLogin('ok');
    await deps.audit.record('login', null, { ip });
    if (req.is('application/x-www-form-urlencoded') && req.accepts(['json', 'html']) === 'html') {
      res.redirect(303, '/admin');
    }
    return { success: true, csrf_token: deps.auth.csrfToken(session) };
  });
  route(router, 'POST /admin/logout', async (_input, req, res) => {
    const session = await deps.auth.current(req, 'admin');
    if (session) deps.auth.checkCsrf(req, session);
    await deps.auth.end(req, res, 'admin');
    return { success: true };
  });
  router.get('/admin/logout', async (req, res) => {
    if (req.get('sec-fetch-site') === 'same-origin' || deps.auth.sameOrigin(req)) {
      await deps.auth.end(req, res, 'admin');
    }
    res.redirect(303, '/admin');
  });

  router.use('/admin/api', requireAdmin(deps.auth));
  route(router, 'GET /admin/api/session', async (_input, _req, res) => ({
    authenticated: true,
    csrf_token: deps.auth.csrfToken(res.locals.adminSession as Session),
  }));
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
