import { buildOpenApiDocument } from '@kirogate/protocol/openapi';
import type { Request } from 'express';
import type { OpenApiView } from './openapi-view.ts';

/**
 * The OpenAPI document with this request's origin as its server. The schemas are converted once;
 * each request only swaps `servers`, so a flood of `/docs` costs no schema conversion.
 */
export function openApiDocuments(version: string): (req: Request) => OpenApiView & Record<string, unknown> {
  let base: Record<string, unknown> | undefined;
  return (req) => {
    base ??= buildOpenApiDocument({ serverUrl: '/', version });
    return { ...base, servers: [{ url: origin(req) }] } as OpenApiView & Record<string, unknown>;
  };
}

/** The origin the client used: `req.protocol` and `req.host` honour X-Forwarded-* from trusted proxies only. */
function origin(req: Request): string {
  return `${req.protocol}://${req.host}`;
}
