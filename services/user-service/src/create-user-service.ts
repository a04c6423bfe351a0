import type { CredentialAdmin } from '@kirogate/contracts';
import type { Db } from '@kirogate/db';
import { AppError, isAppError, toAppError } from '@kirogate/errors';
import type { CallObserver } from '@kirogate/grpc';
import type { Logger, Metrics } from '@kirogate/observability';
import type { Platform } from '@kirogate/platform';
import { requestId } from '@kirogate/service-runtime';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { adminRoutes } from './admin/admin-routes.ts';
import { AuditLog } from './admin/audit-log.ts';
import { UsageStats } from './admin/usage-stats.ts';
import { AnnouncementStore } from './announcements/announcement-store.ts';
import { defaultUserLimits, type UserServiceSettings } from './config.ts';
import { DonationService } from './donations/donation-service.ts';
import { bodyParsers } from './http/body-parsers.ts';
import { sendApiError } from './http/send-api-error.ts';
import { ApiKeyStore } from './keys/api-key-store.ts';
import { KeyRevocations } from './keys/key-revocations.ts';
import type { LimitRouteDeps } from './limits/limit-routes.ts';
import { LimitStore } from './limits/limit-store.ts';
import { oauthProviders } from './oauth/oauth-providers.ts';
import { oauthRoutes } from './oauth/oauth-routes.ts';
import { publicRoutes } from './public-routes.ts';
import { SessionStore } from './sessions/session-store.ts';
import { WebAuth } from './sessions/web-auth.ts';
import { SiteSettings } from './site/site-settings.ts';
import { PublicStatus } from './status/public-status.ts';
import { requestsSince } from './status/requests-since.ts';
import { statusRoutes } from './status/status-routes.ts';
import { userRoutes } from './user-routes.ts';
import { userServiceMetrics } from './user-service-metrics.ts';
import { UserStore } from './users/user-store.ts';
import type { SiteMode, WebDeps } from './web/web-deps.ts';
import { webNotFound, webRouter } from './web/web-router.ts';

export interface UserServicePorts {
  db: Db;
  platform: Pick<Platform, 'cache' | 'visitorCache' | 'pubsub' | 'rateLimiter' | 'limitCounters'>;
  credentialAdmin: CredentialAdmin;
  config: UserServiceSettings;
  logger: Logger;
  /** Login counters (and, in main, gRPC call timings); none when omitted. */
  metrics?: Metrics;
  version?: string;
  /** How often the site snapshot is rewritten from Postgres (heals a Redis flush); default 60 s. */
  republishIntervalMs?: number;
  /** The model names the gateway lists, for `/api/status`; only where the gateway runs in-process. */
  models?: () => readonly string[];
}

export interface UserService {
  /** Every user-service HTTP route; mount it on an app whose `trust proxy` names the trusted proxies. */
  router: Router;
  /** A complete app (trust proxy from TRUSTED_PROXIES) around `router`, for the scaled service. */
  app: express.Express;
  /** VerifyApiKey in-process; wrap it in the gateway's CachedApiKeyVerifier. */
  verifier: ApiKeyStore;
  site: SiteSettings;
  /** Observes gRPC calls for `userGrpcService(verifier, grpcObserver)`. */
  grpcObserver: CallObserver;
  /** What the UI's page router needs. */
  webDeps: WebDeps;
  /** Publishes the site snapshot now and then periodically; purges expired sessions. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const apiPrefixes = ['/user/api', '/admin', '/oauth2', '/api'];

/** Builds user-service from its ports. Standalone and the scaled service run the same code. */
export function createUserService(ports: UserServicePorts): UserService {
  const { db, platform, config, logger } = ports;
  const sessions = new SessionStore(db);
  const auth = new WebAuth(sessions, {
    userSecret: config.USER_SESSION_SECRET,
    adminSecret: config.ADMIN_SECRET_KEY ?? `${config.USER_SESSION_SECRET}:admin`,
    userMaxAgeSeconds: config.USER_SESSION_MAX_AGE,
    adminMaxAgeSeconds: config.ADMIN_SESSION_MAX_AGE,
    cookieSecure: config.COOKIE_SECURE,
    csrfEnabled: config.CSRF_ENABLED,
    publicOrigins: config.PUBLIC_URL,
  });
  const users = new UserStore(db);
  const limitDefaults = defaultUserLimits(config);
  const keys = new ApiKeyStore(db, limitDefaults);
  const site = new SiteSettings(db, platform.cache, platform.pubsub);
  const revocations = new KeyRevocations(platform.pubsub);
  const donations = new DonationService(ports.credentialAdmin, site);
  const announcements = new AnnouncementStore(db);
  const usage = new UsageStats(db);
  const audit = new AuditLog(db);
  const providers = oauthProviders(config);
  const observed = userServiceMetrics(ports.metrics);
  const limits: LimitRouteDeps = {
    store: new LimitStore(db),
    counters: platform.limitCounters,
    defaults: limitDefaults,
    revocations,
    hashesOf: (userId) => keys.hashesOf(userId),
    audit: (action, target, details) => audit.record(action, target, details),
  };

  const webDeps: WebDeps = {
    currentUser: async (req) => {
      const session = await auth.current(req, 'user');
      const user = session?.userId ? await users.byId(session.userId) : undefined;
      return user && user.status === 'active'
        ? { id: user.id, username: user.username, avatarUrl: user.avatarUrl }
        : undefined;
    },
    isAdmin: async (req) =>
      config.ADMIN_PASSWORD !== undefined && (await auth.current(req, 'admin')) !== undefined,
    loginProviders: () => ({
      github: providers.github !== undefined,
      linuxdo: providers.linuxdo !== undefined,
    }),
    adminEnabled: () => config.ADMIN_PASSWORD !== undefined,
    siteMode: async (): Promise<SiteMode> => {
      const flags = await site.flags();
      return !flags.siteEnabled ? 'maintenance' : flags.selfUseEnabled ? 'self_use' : 'normal';
    },
    version: ports.version ?? '0.0.0',
  };
  const router = Router();
  router.use(apiPrefixes, requestId, apiHeaders);
  router.use(apiPrefixes, ...bodyParsers());
  router.use(
    oauthRoutes({
      providers,
      cache: platform.visitorCache,
      rateLimiter: platform.rateLimiter,
      loginsPerMinute: config.OAUTH_LOGINS_PER_MINUTE,
      auth,
      users,
      site,
      minLinuxdoTrustLevel: config.LINUXDO_MIN_TRUST_LEVEL,
      logger,
      onLogin: observed.login,
    }),
  );
  router.use(
    userRoutes({
      auth,
      users,
      keys,
      revocations,
      donations,
      announcements,
      usage,
      site,
      rateLimiter: platform.rateLimiter,
      limits,
    }),
  );
  router.use(
    publicRoutes({ site, donations, users, keys, announcements, rateLimiter: platform.rateLimiter }),
  );
  router.use(
    statusRoutes(
      new PublicStatus({
        requestsSince: (since) => requestsSince(db, since),
        credentials: ports.credentialAdmin,
        siteMode: webDeps.siteMode,
        version: webDeps.version,
        ...(ports.models ? { models: ports.models } : {}),
      }),
    ),
  );
  if (config.ADMIN_PASSWORD) {
    router.use(
      adminRoutes({
        password: config.ADMIN_PASSWORD,
        db,
        envProxyApiKey: config.PROXY_API_KEY,
        auth,
        rateLimiter: platform.rateLimiter,
        users,
        keys,
        revocations,
        credentials: ports.credentialAdmin,
        announcements,
        site,
        audit,
        usage,
        onLogin: observed.adminLogin,
        limits,
      }),
    );
  }
  router.use(['/user/api', '/admin/api'], (_req: Request, _res: Response) => {
    throw new AppError('NOT_FOUND', 'No such endpoint');
  });
  router.use(apiPrefixes, (error: unknown, req: Request, res: Response, next: NextFunction) => {
    const appError = bodyError(error) ?? toAppError(error);
    if (appError.code === 'INTERNAL') {
      logger.error({ err: error, path: req.path, method: req.method }, 'user-service request failed');
    }
    if (!res.headersSent) sendApiError(res, appError);
    else next(error);
  });

  router.use(webRouter(webDeps));

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.TRUSTED_PROXIES);
  app.set('query parser', 'simple');
  app.use(router);
  app.use(webNotFound(webDeps));
  // Last resort for the pages: express's default handler would print a stack trace outside production.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error, path: req.path, method: req.method }, 'user-service page failed');
    if (!res.headersSent) res.status(500).type('text/plain').send('Internal server error');
  });

  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await site.publish();
      await sessions.purgeExpired();
    } catch (error) {
      logger.warn({ err: error }, 'site snapshot not republished');
    }
  };
  return {
    router,
    app,
    verifier: keys,
    site,
    webDeps,
    grpcObserver: observed.grpcCall,
    async start() {
      // Not fatal: Redis may still be connecting; the periodic tick publishes again.
      await tick();
      timer = setInterval(tick, ports.republishIntervalMs ?? 60_000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * Responses of the JSON APIs hold CSRF tokens, new keys and account data: never cached, never sniffed.
 * Each carries a request id (`requestId`: echoed when the caller sent a sane one) for support and logs.
 */
function apiHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  next();
}

/** body-parser errors carry `status`/`type`; they are the client's fault, never INTERNAL. */
function bodyError(error: unknown): AppError | undefined {
  if (isAppError(error) || typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
  if (type === 'entity.parse.failed') return new AppError('INVALID_JSON', 'Request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('INVALID_REQUEST', 'Malformed request body');
  }
  return undefined;
}
