import type { Request } from 'express';

/** The caller's address as express resolved it under the configured `trust proxy` setting. */
export function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}
