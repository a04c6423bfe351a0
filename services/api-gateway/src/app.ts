import type { ApiKeyVerifier, Caller } from '@kirogate/contracts';
import { callerLabel } from '@kirogate/contracts';
import { AppError, toAppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { fromAnthropicCountTokensRequest } from '@kirogate/protocol';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from 'express';
import { authFailureGuard } from './auth/auth-failure-guard.ts';
import { authenticateCaller } from './auth/authenticate-caller.ts';
import type { GatewayConfig } from './config.ts';
import type { FormatAdapter } from './formats/format-adapter.ts';
import { bodyParserError } from './http/body-errors.ts';
import { clientIp } from './http/client-ip.ts';
import { requestId } from './http/request-id.ts';
import { sendError } from './http/send-error.ts';
import type { ModelRegistry } from './pipeline/model-registry.ts';
import { type ChatDeps, runChat } from './pipeline/run-chat.ts';

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
  chat: ChatDeps;
  models: ModelRegistry;
  formats: { openai: FormatAdapter; anthropic: FormatAdapter };
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
  app.use('/v1', apiRouter(deps));
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
    sendError(res, format, bodyParserError(error) ?? toAppError(error));
  });
  return app;
}

/**
 * `/v1/*`. Every route authenticates the caller from its headers before it reads a byte of the body, so
 * a stranger's 50 MB body is never parsed.
 */
function apiRouter(deps: GatewayDeps): Router {
  const router = Router();
  const json = express.json({
    limit: Math.round(deps.config.MAX_REQUEST_BODY_MB * 1_048_576),
    type: () => true,
  });
  const readBody = (req: Request, res: Response): Promise<unknown> =>
    new Promise((resolve, reject) => {
      json(req, res, (error?: unknown) => (error ? reject(error) : resolve(req.body)));
    });
  const { openai, anthropic } = deps.formats;
  router.use(
    authFailureGuard({
      rateLimiter: deps.rateLimiter,
      failuresPerMinute: deps.config.AUTH_FAILURES_PER_MINUTE,
      formatFor: (req) => (req.path.startsWith('/messages') ? anthropic : openai),
    }),
  );

  router.get('/models', async (req, res) => {
    const format = req.get('anthropic-version') ? anthropic : openai;
    try {
      await authorize(req, format, deps);
      res.json(deps.models.render(format.api));
    } catch (error) {
      sendError(res, format, toAppError(error));
    }
  });
  router.post('/chat/completions', chatHandler(openai, deps, readBody));
  router.post('/messages', chatHandler(anthropic, deps, readBody));
  router.post('/messages/count_tokens', async (req, res) => {
    try {
      await authorize(req, anthropic, deps);
      const request = fromAnthropicCountTokensRequest(await readBody(req, res));
      res.json({ input_tokens: deps.chat.converter.countTokens(request) });
    } catch (error) {
      refuse(req, res, anthropic, error);
    }
  });
  router.use((req, res) => {
    const format = req.path.startsWith('/messages') ? anthropic : openai;
    sendError(
      res,
      format,
      new AppError('NOT_FOUND', `No such endpoint: ${req.method} /v1${req.path.slice(0, 100)}`),
    );
  });
  return router;
}

/**
 * An error before the chat started, in the caller's protocol. A body we did not read is not waited for:
 * the connection closes after the answer instead of draining it.
 */
function refuse(req: Request, res: Response, format: FormatAdapter, error: unknown): void {
  if (!req.complete) res.setHeader('connection', 'close');
  sendError(res, format, bodyParserError(error) ?? toAppError(error));
}

/** Authenticate (headers) → read and parse the body → convert → run the chat. */
function chatHandler(
  format: FormatAdapter,
  deps: GatewayDeps,
  readBody: (req: Request, res: Response) => Promise<unknown>,
) {
  return async (req: Request, res: Response): Promise<void> => {
    let caller: Caller;
    let request: ReturnType<FormatAdapter['parseRequest']>;
    let conversion: ReturnType<ChatDeps['converter']['convert']>;
    try {
      caller = await authorize(req, format, deps);
      request = format.parseRequest(await readBody(req, res));
      conversion = deps.chat.converter.convert(request);
    } catch (error) {
      refuse(req, res, format, error);
      return;
    }
    const client = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) client.abort();
    });
    await runChat(deps.chat, {
      format,
      caller,
      request,
      conversion,
      requestId: String(res.locals.requestId),
      correlationId: res.locals.correlationId ?? null,
      ip: clientIp(req),
      res,
      clientSignal: client.signal,
    });
  };
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
  const perMinute =
    caller.kind === 'user' && caller.limits.requestsPerMinute > 0
      ? caller.limits.requestsPerMinute
      : deps.config.RATE_LIMIT_PER_MINUTE;
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
