import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@kirogate/errors';
import type { Request, RequestHandler, Response } from 'express';
import { Agent, type Dispatcher, request } from 'undici';

/** What user-service serves: its pages, their JSON APIs, OAuth callbacks and assets. */
const webPrefixes = [
  '/login',
  '/user',
  '/admin',
  '/oauth2',
  '/tokens',
  '/api',
  '/assets',
  '/lang',
  '/docs',
  '/playground',
  '/status',
];

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export interface WebForwarder {
  router: RequestHandler;
  notFound: RequestHandler;
  close(): Promise<void>;
}

/**
 * The scaled gateway's route to user-service for the web paths (an Ingress may route them
 * there directly instead). Bodies stream both ways; `X-Forwarded-Host`/`-Proto`/`-For` let
 * user-service's same-origin check and Secure cookies see what the browser saw.
 */
export function forwardWeb(baseUrl: string, options: { timeoutMs: number }): WebForwarder {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const base = baseUrl.replace(/\/+$/, '');
  const router: RequestHandler = (req, res, next) => {
    if (!isWebRequest(req)) {
      next();
      return;
    }
    forward(req, res, base, agent, options.timeoutMs).catch(next);
  };
  return {
    router,
    // user-service answers every web path itself, 404 pages included.
    notFound: (_req, _res, next) => next(),
    close: () => agent.close(),
  };
}

function isWebRequest(req: Request): boolean {
  if (req.path === '/') return req.method === 'GET' && (req.get('accept') ?? '').includes('text/html');
  return webPrefixes.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`));
}

async function forward(req: Request, res: Response, base: string, agent: Dispatcher, timeoutMs: number) {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await request(`${base}${req.originalUrl}`, {
      method: req.method as Dispatcher.HttpMethod,
      headers: forwardedHeaders(req),
      ...(hasBody ? { body: req } : {}),
      dispatcher: agent,
      signal: abort.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      'The user service is unavailable.',
      { retryAfterSeconds: 5 },
      { cause: error },
    );
  }
  res.status(upstream.statusCode);
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !hopByHop.has(name)) res.setHeader(name, value);
  }
  await pipeline(upstream.body, res);
}

function forwardedHeaders(req: Request): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) {
    if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  }
  const peer = req.socket.remoteAddress ?? '';
  const priorFor = req.get('x-forwarded-for');
  headers['x-forwarded-for'] = priorFor ? `${priorFor}, ${peer}` : peer;
  headers['x-forwarded-proto'] = req.protocol;
  headers['x-forwarded-host'] = req.get('host') ?? '';
  return headers;
}
