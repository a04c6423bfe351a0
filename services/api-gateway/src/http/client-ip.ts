import type { Request } from 'express';

const resolved = Symbol('clientIp');

/**
 * The caller's address as express resolved it under the configured `trust proxy` setting. Resolved
 * once per request: `req.ip` walks X-Forwarded-For on every read, and several steps ask.
 */
export function clientIp(req: Request): string | null {
  const memo = req as Request & { [resolved]?: string | null };
  if (memo[resolved] === undefined) memo[resolved] = req.ip ?? req.socket.remoteAddress ?? null;
  return memo[resolved];
}
