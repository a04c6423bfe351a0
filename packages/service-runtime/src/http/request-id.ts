import { randomUUID } from 'node:crypto';
import { runWithContext } from '@kirogate/observability';
import type { NextFunction, Request, Response } from 'express';

const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id the server makes (`res.locals.requestId`: the usage record's key, so no
 * client can choose it, reuse it to hide requests or make it unqueueable) and keeps a well-formed
 * client `X-Request-ID` only as `res.locals.correlationId`. The response echoes the client's id when it
 * sent one, else the server's. The rest of the request runs in its request context, so log lines, gRPC
 * metadata and queued jobs carry the server's id. Mounting it twice on one path gives one id.
 */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  // Mounted again by a router inside an app that already has it (user-service in standalone): the
  // request keeps the id it was given first, which its log lines already carry.
  if (typeof res.locals.requestId === 'string') {
    next();
    return;
  }
  const incoming = req.get('x-request-id');
  const correlationId = incoming && SAFE_CORRELATION_ID.test(incoming) ? incoming : null;
  const id = randomUUID();
  res.locals.requestId = id;
  res.locals.correlationId = correlationId;
  res.setHeader('x-request-id', correlationId ?? id);
  runWithContext({ requestId: id }, next);
}
