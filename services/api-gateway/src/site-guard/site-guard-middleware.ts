import { AppError } from '@kirogate/errors';
import type { NextFunction, Request, Response } from 'express';
import { anthropicFormat } from '../formats/anthropic-format.ts';
import { openAiFormat } from '../formats/openai-format.ts';
import { clientIp } from '../http/client-ip.ts';
import type { SiteGuard } from './site-guard.ts';

/** Reachable while the site is switched off, so admins and users can still manage it. */
const siteSwitchExempt = [
  '/admin',
  '/login',
  '/oauth2',
  '/user',
  '/assets',
  '/api/site-mode',
  '/health',
  // The public status page says "maintenance" instead of being refused.
  '/status',
  '/api/status',
];
/** Reachable from a blacklisted address: the admin panel, so an admin can undo a mistaken ban. */
const blacklistExempt = ['/admin'];

/**
 * Refuses blacklisted client addresses (403) and, while the site is off, everything but the exempt
 * paths (503). Mount it first on the gateway app. The client address is express's `req.ip` under the
 * app's `trust proxy` setting, so X-Forwarded-For counts only from trusted proxies.
 */
export function siteGuardMiddleware(guard: SiteGuard) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const view = await guard.view();
    if (view.isBlacklisted(clientIp(req)) && !startsWithAny(req.path, blacklistExempt)) {
      refuse(req, res, new AppError('FORBIDDEN', 'Access denied'));
      return;
    }
    if (!view.siteEnabled && !startsWithAny(req.path, siteSwitchExempt)) {
      refuse(req, res, new AppError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable'));
      return;
    }
    next();
  };
}

function refuse(req: Request, res: Response, error: AppError): void {
  if (req.path.startsWith('/v1/')) {
    const rendered = (req.path.startsWith('/v1/messages') ? anthropicFormat : openAiFormat).renderError(
      error,
    );
    res.status(rendered.status).set(rendered.headers).json(rendered.body);
    return;
  }
  const status = error.code === 'FORBIDDEN' ? 403 : 503;
  if (req.path.startsWith('/api/') || !req.accepts('html')) {
    res.status(status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>KiroGate</title><p>${status === 403 ? 'Access denied.' : 'KiroGate is under maintenance. Please come back later.'}</p>`,
    );
}

function startsWithAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
