import type { ApiKeyVerifier, Caller } from '@kirogate/contracts';
import { callerLabel } from '@kirogate/contracts';
import { AppError, toAppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { fromAnthropicCountTokensRequest } from '@kirogate/protocol';
import { requestId } from '@kirogate/service-runtime';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { authFailureGuard } from './auth/auth-failure-guard.ts';
import { authenticateCaller } from './auth/authenticate-caller.ts';
import type { GatewayConfig } from './config.ts';
import type { DebugDumps } from './debug/debug-dumps.ts';
import { captureRequestBody, withDebugDump } from './debug/with-debug-dump.ts';
import type { FormatAdapter } from './formats/format-adapter.ts';
import { clientIp } from './http/client-ip.ts';
import { readJsonBody } from './http/read-json-body.ts';
import { sendError } from './http/send-error.ts';
import type { RemoteImageFetcher } from './images/remote-image-fetcher.ts';
import { resolveRemoteImages } from './images/resolve-remote-images.ts';
import type { Admission, LimitGuard } from './limits/limit-guard.ts';
import type { ModelRegistry } from './pipeline/model-registry.ts';
import { type ChatDeps, runChat } from './pipeline/run-chat.ts';
import { sessionKeyFor } from './pipeline/session-key.ts';
import { type ResponsesDeps, responsesRouter } from './responses/responses-router.ts';
import type { KiroConversion } from './upstreams/kiro/kiro-conversion.ts';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  [detail: string]: unknown;
}

export interface GatewayDeps {
  config: GatewayConfig;
  /** SHA-256 of the proxy key, which an admin can rotate at runtime, so it is read per request. */
  proxyKeyHash: () => string | undefined;
  verifier: ApiKeyVerifier;
  rateLimiter: RateLimiter;
  /** Per-user and per-key limits and budgets of `sk-` callers. */
  limits: LimitGuard;
  chat: ChatDeps;
  /** Fetches http(s) image URLs (SSRF-guarded); without it such URLs are dropped with a warning. */
  images?: RemoteImageFetcher;
  /** DEBUG_MODE request dumps; absent or off = none. */
  debug?: DebugDumps;
  models: ModelRegistry;
  formats: { openai: FormatAdapter; anthropic: FormatAdapter };
  /** The OpenAI Responses API (`/v1/responses`); off when absent. */
  responses?: ResponsesDeps;
  health: () => Promise<HealthReport>;
  isDraining: () => boolean;
  version: string;
  /** Runs before every route: the site guard (blacklist, site switch). */
  before?: RequestHandler[];
  /** user-service's pages and JSON APIs when it runs in this process; its 404 page comes last. */
  web?: { router: RequestHandler; notFound: RequestHandler };
}

/** The public HTTP surface of the gateway. */
export function createGatewayApp(deps: GatewayDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.config.TRUSTED_PROXIES);
  app.set('query parser', 'simple');
  app.use(requestId);
  for (const handler of deps.before ?? []) app.use(handler);
  // The API first: `/v1` never walks through the web router.
  addApiRoutes(app, deps);
  // Web pages next: `GET /` is the home page for browsers and falls through to the JSON answer below.
  if (deps.web) app.use(deps.web.router);

  app.get('/', (_req, res) => {
    res.json({ status: 'ok', message: 'KiroGate is running', version: deps.version });
  });
  app.get('/health', async (_req, res) => {
    const report = await deps.health();
    res.status(report.status === 'unhealthy' ? 503 : 200).json(report);
  });

  if (deps.web) app.use(deps.web.notFound);
  app.use((req, res) => {
    sendError(
      res,
      deps.formats.openai,
      new AppError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path.slice(0, 100)}`),
    );
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const format = req.path.startsWith('/v1/messages') ? deps.formats.anthropic : deps.formats.openai;
    sendError(res, format, toAppError(error));
  });
  return app;
}

/**
 * `/v1/*`, on the app itself (a nested router costs a prefix trim per request). Every route
 * authenticates the caller from its headers before it reads a byte of the body, so a stranger's 50 MB
 * body is never parsed.
 */
function addApiRoutes(app: express.Express, deps: GatewayDeps): void {
  const limitBytes = Math.round(deps.config.MAX_REQUEST_BODY_MB * 1_048_576);
  const readBody = (req: Request): Promise<unknown> => readJsonBody(req, limitBytes);
  const { openai, anthropic } = deps.formats;
  app.use(
    '/v1',
    authFailureGuard({
      rateLimiter: deps.rateLimiter,
      failuresPerMinute: deps.config.AUTH_FAILURES_PER_MINUTE,
      formatFor: (req) => (req.path.startsWith('/messages') ? anthropic : openai),
    }),
  );

  app.get('/v1/models', async (req, res) => {
    const format = req.get('anthropic-version') ? anthropic : openai;
    try {
      await authorize(req, format, deps);
      res.json(deps.models.render(format.api));
    } catch (error) {
      sendError(res, format, toAppError(error));
    }
  });
  const readChatBody = (req: Request) => readBody(req).then(captureRequestBody);
  app.post('/v1/chat/completions', withDebugDump(deps.debug, chatHandler(openai, deps, readChatBody)));
  app.post('/v1/messages', withDebugDump(deps.debug, chatHandler(anthropic, deps, readChatBody)));
  app.post('/v1/messages/count_tokens', async (req, res) => {
    try {
      await authorize(req, anthropic, deps);
      const request = fromAnthropicCountTokensRequest(await readBody(req));
      res.json({ input_tokens: deps.chat.converter.countTokens(request) });
    } catch (error) {
      refuse(req, res, anthropic, error);
    }
  });
  if (deps.responses) {
    app.use(
      responsesRouter({
        ...deps.responses,
        serve: (req, res, chat) => serveChat(deps, req, res, chat),
        readBody: readChatBody,
        debug: deps.debug,
        authorize: (req, format) => authorize(req, format, deps),
        prepare: (req, caller, request) => prepareChat(req, caller, request, deps),
      }),
    );
  }
  app.use('/v1', (req, res) => {
    const format = req.path.startsWith('/messages') ? anthropic : openai;
    sendError(
      res,
      format,
      new AppError('NOT_FOUND', `No such endpoint: ${req.method} /v1${req.path.slice(0, 100)}`),
    );
  });
}

/**
 * An error before the chat started, in the caller's protocol. A body we did not read is not waited for:
 * the connection closes after the answer instead of draining it.
 */
function refuse(req: Request, res: Response, format: FormatAdapter, error: unknown): void {
  if (!req.complete) res.setHeader('connection', 'close');
  sendError(res, format, toAppError(error));
}

/**
 * What every chat route does once the request is parsed: http(s) images fetched (SSRF-guarded), the
 * client's session noted, the request converted once, and the caller admitted by its limits (the
 * admission is released when the chat ends).
 */
async function prepareChat(
  req: Request,
  caller: Caller,
  request: ReturnType<FormatAdapter['parseRequest']>,
  deps: GatewayDeps,
): Promise<{ conversion: KiroConversion; admission: Admission }> {
  if (deps.images) await resolveRemoteImages(request, deps.images);
  const session = req.get('x-claude-code-session-id');
  if (session && !request.metadata.sessionId) request.metadata.sessionId = session.slice(0, 200);
  const conversion = deps.chat.converter.convert(request, sessionKeyFor(request, caller));
  return { conversion, admission: await deps.limits.admit(caller) };
}

/** Authenticate (headers) → read and parse the body → prepare (images, convert, limits) → run the chat. */
function chatHandler(format: FormatAdapter, deps: GatewayDeps, readBody: (req: Request) => Promise<unknown>) {
  return async (req: Request, res: Response): Promise<void> => {
    let caller: Caller;
    let request: ReturnType<FormatAdapter['parseRequest']>;
    let conversion: ReturnType<ChatDeps['converter']['convert']>;
    let admission: Admission;
    try {
      caller = await authorize(req, format, deps);
      request = format.parseRequest(await readBody(req));
      ({ conversion, admission } = await prepareChat(req, caller, request, deps));
    } catch (error) {
      refuse(req, res, format, error);
      return;
    }
    await serveChat(deps, req, res, { format, caller, request, conversion, admission });
  };
}

/** A chat ready to run: parsed, converted and admitted by the caller's limits. */
export interface PreparedChat {
  format: FormatAdapter;
  caller: Caller;
  request: ReturnType<FormatAdapter['parseRequest']>;
  conversion: KiroConversion;
  admission: Admission;
}

/**
 * Runs a prepared chat for an express request: the client's disconnect aborts it, and the admission is
 * released however it ends.
 */
async function serveChat(deps: GatewayDeps, req: Request, res: Response, chat: PreparedChat): Promise<void> {
  const client = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) client.abort();
  });
  try {
    await runChat(deps.chat, {
      format: chat.format,
      caller: chat.caller,
      request: chat.request,
      conversion: chat.conversion,
      requestId: String(res.locals.requestId),
      correlationId: res.locals.correlationId ?? null,
      ip: clientIp(req),
      res,
      clientSignal: client.signal,
    });
  } finally {
    chat.admission.release();
  }
}

async function authorize(req: Request, format: FormatAdapter, deps: GatewayDeps): Promise<Caller> {
  if (deps.isDraining()) {
    throw new AppError('SERVICE_UNAVAILABLE', 'The gateway is restarting; retry shortly.', {
      retryAfterSeconds: 1,
    });
  }
  const caller = await authenticateCaller(
    {
      authorization: req.get('authorization'),
      xApiKey: req.get('x-api-key'),
      preferXApiKey: format.api === 'anthropic',
    },
    { proxyKeyHash: deps.proxyKeyHash, verifier: deps.verifier },
  );
  // One cap for every caller; users' own limits come after parsing (limits/limit-guard.ts).
  const perMinute = deps.config.RATE_LIMIT_PER_MINUTE;
  if (perMinute > 0) {
    const verdict = await deps.rateLimiter.hit(`rpm:${callerLabel(caller)}`, {
      limit: perMinute,
      windowMs: 60_000,
    });
    if (!verdict.allowed) {
      throw new AppError('RATE_LIMITED', 'Rate limit exceeded. Please try again later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
      });
    }
  }
  return caller;
}
