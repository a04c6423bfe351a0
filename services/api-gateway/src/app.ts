import type { ApiKeyVerifier, Caller } from '@kirogate/contracts';
import { callerLabel } from '@kirogate/contracts';
import { AppError, toAppError } from '@kirogate/errors';
import type { RateLimiter } from '@kirogate/platform';
import { fromAnthropicCountTokensRequest } from '@kirogate/protocol';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { authenticateCaller } from './auth/authenticate-caller.ts';
import type { GatewayConfig } from './config.ts';
import type { FormatAdapter } from './formats/format-adapter.ts';
import { bodyParserError } from './http/body-errors.ts';
import { clientIp } from './http/client-ip.ts';
import { requestId } from './http/request-id.ts';
import { sendError } from './http/send-error.ts';
import type { ModelRegistry } from './pipeline/model-registry.ts';
import type { RequestPlanner } from './pipeline/request-planner.ts';
import { type ChatDeps, runChat } from './pipeline/run-chat.ts';
import { sessionKeyFor } from './pipeline/session-key.ts';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  [detail: string]: unknown;
}

export interface GatewayDeps {
  config: GatewayConfig;
  /** The proxy key can be rotated at runtime by an admin, so it is read per request. */
  proxyApiKey: () => string | undefined;
  verifier: ApiKeyVerifier;
  rateLimiter: RateLimiter;
  chat: ChatDeps;
  planner: RequestPlanner;
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
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('query parser', 'simple');
  app.use(requestId);
  for (const handler of deps.before ?? []) app.use(handler);
  // Web pages first: `GET /` is the home page for browsers and falls through to the JSON answer below.
  if (deps.web) app.use(deps.web.router);

  const json = express.json({
    limit: Math.round(deps.config.MAX_REQUEST_BODY_MB * 1_048_576),
    type: () => true,
  });
  const { openai, anthropic } = deps.formats;

  app.get('/', (_req, res) => {
    res.json({ status: 'ok', message: 'KiroGate is running', version: deps.version });
  });
  app.get('/health', async (_req, res) => {
    const report = await deps.health();
    res.status(report.status === 'unhealthy' ? 503 : 200).json(report);
  });

  app.get('/v1/models', async (req, res) => {
    const format = req.get('anthropic-version') ? anthropic : openai;
    try {
      await authorize(req, format, deps);
      res.json(deps.models.render(format.api));
    } catch (error) {
      sendError(res, format, toAppError(error));
    }
  });

  app.post('/v1/chat/completions', json, chatHandler(openai, deps));
  app.post('/v1/messages', json, chatHandler(anthropic, deps));
  app.post('/v1/messages/count_tokens', json, async (req, res) => {
    try {
      const caller = await authorize(req, anthropic, deps);
      const request = fromAnthropicCountTokensRequest(req.body);
      res.json({ input_tokens: deps.planner.plan(request, sessionKeyFor(request, caller)).inputTokens });
    } catch (error) {
      sendError(res, anthropic, toAppError(error));
    }
  });

  app.use('/v1', (req, res) => {
    const format = req.path.startsWith('/messages') ? anthropic : openai;
    sendError(
      res,
      format,
      new AppError('NOT_FOUND', `No such endpoint: ${req.method} /v1${req.path.slice(0, 100)}`),
    );
  });

  if (deps.web) app.use(deps.web.notFound);
  app.use((req, res) => {
    sendError(
      res,
      openai,
      new AppError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path.slice(0, 100)}`),
    );
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const format = req.path.startsWith('/v1/messages') ? anthropic : openai;
    sendError(res, format, bodyParserError(error) ?? toAppError(error));
  });
  return app;
}

function chatHandler(format: FormatAdapter, deps: GatewayDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const client = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) client.abort();
    });
    let caller: Caller;
    let request: ReturnType<FormatAdapter['parseRequest']>;
    try {
      caller = await authorize(req, format, deps);
      request = format.parseRequest(req.body);
      const session = req.get('x-claude-code-session-id');
      if (session && !request.metadata.sessionId) request.metadata.sessionId = session.slice(0, 200);
    } catch (error) {
      sendError(res, format, toAppError(error));
      return;
    }
    await runChat(deps.chat, {
      format,
      caller,
      request,
      requestId: String(res.locals.requestId),
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
    { proxyApiKey: deps.proxyApiKey, verifier: deps.verifier },
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
