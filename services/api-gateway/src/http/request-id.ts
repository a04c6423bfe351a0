import { randomUUID } from 'node:crypto';
import { runWithContext } from '@kirogate/observability';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Echoes a well-formed `X-Request-ID` or makes one, so a request can be followed across services: the
 * rest of the request runs in its request context, so log lines, gRPC metadata and queued jobs carry it.
 */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  runWithContext({ requestId: id }, next);
}
