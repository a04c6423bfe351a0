import { AppError } from '@kirogate/errors';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { type EndpointName, endpoints, type InputOf, type ResponseOf } from '../contract/endpoints.ts';

type Method = 'get' | 'post' | 'put' | 'delete';

export type RouteHandler<E extends EndpointName> = (
  input: InputOf<E>,
  req: Request,
  res: Response,
) => Promise<ResponseOf<E>>;

/**
 * Mounts one endpoint of the contract: parses path parameters, query (GET) and body with its
 * schemas, answers with its status and the handler's body, which must be the contract's response
 * type. A handler that already answered (a redirect) is left alone.
 */
export function route<E extends EndpointName>(
  router: Router,
  name: E,
  handler: RouteHandler<E>,
  ...guards: RequestHandler[]
): void {
  const spec: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; response: { status: number } } =
    endpoints[name];
  const space = name.indexOf(' ');
  const method = name.slice(0, space).toLowerCase() as Method;
  const path = name.slice(space + 1);
  router[method](path, ...guards, async (req: Request, res: Response) => {
    const input = {
      params: parse(spec.params, req.params),
      query: parse(spec.query, req.query),
      body: parse(spec.body, req.body ?? {}),
    } as InputOf<E>;
    const body = await handler(input, req, res);
    if (!res.headersSent) res.status(spec.response.status).json(body);
  });
}

function parse(schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw requestError(result.error);
}

/**
 * The first problem as the caller's error, naming the field: INVALID_REQUEST with `param`, or
 * NOT_FOUND for an id that cannot name a row.
 */
export function requestError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : '';
  if (issue?.code === 'custom' && (issue.params as { notFound?: boolean } | undefined)?.notFound) {
    return new AppError('NOT_FOUND', issue.message);
  }
  const message = issue ? `${param} ${issue.message}`.trim() : 'Invalid request';
  return new AppError('INVALID_REQUEST', param ? message : `The request ${message}`, param ? { param } : {});
}
