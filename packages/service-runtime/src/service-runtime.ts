import { readFileSync } from 'node:fs';
import type { LogLevel } from '@kirogate/config';
import { createDatabase, type Database } from '@kirogate/db';
import {
  type AdminServer,
  createLogger,
  createMetrics,
  type Logger,
  type Metrics,
  type ReadinessProbe,
  startAdminServer,
} from '@kirogate/observability';
import { createPlatform, type Platform } from '@kirogate/platform';
import { OrderedShutdown, type ShutdownPhase } from './ordered-shutdown.ts';

/** The settings every service parses (observability, Redis and shutdown fragments). */
export interface RuntimeConfig {
  SERVICE_NAME: string;
  LOG_LEVEL: LogLevel;
  METRICS_HOST: string;
  METRICS_PORT: number;
  REDIS_URL?: string | undefined;
  REDIS_KEY_PREFIX: string;
  SHUTDOWN_TIMEOUT_MS: number;
}

/** The postgres fragment. */
export interface DatabaseConfig {
  DATABASE_URL?: string | undefined;
  DATA_DIR: string;
  DATABASE_POOL_MAX: number;
}

export interface RuntimeOptions {
  /** Bound on each Redis command on the request path (see PlatformOptions); the platform's default when omitted. */
  commandTimeoutMs?: number;
  /**
   * When stopping has not finished after SHUTDOWN_TIMEOUT_MS, log this and exit 1, for services whose
   * own steps have no bound (running jobs, page requests); without it, no deadline.
   */
  hardDeadlineMessage?: string;
  /** Where log lines go; stdout when omitted (tests pass a stream). */
  logDestination?: Parameters<typeof createLogger>[0]['destination'];
}

export interface ServiceRuntime {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly platform: Platform;
  /** The repository's version (root package.json). */
  readonly version: string;
  /** True from the first moment of stopping: `/readyz` answers 503 from then on. */
  readonly stopping: boolean;
  /**
   * Opens the database and closes it in the last phase, after the platform. `migrate`: always
   * (standalone owns its schema), only an embedded one (a shared server is migrated by the migrate
   * job), or never.
   */
  openDatabase(config: DatabaseConfig, migrate: 'always' | 'embedded' | 'never'): Promise<Database>;
  /** `/metrics`, `/healthz` and `/readyz` on METRICS_HOST:METRICS_PORT, closed in the last phase. */
  serveAdmin(readiness: ReadinessProbe): Promise<AdminServer>;
  /** Registers a step of the ordered shutdown (see `shutdownPhases`). */
  onStop(phase: ShutdownPhase, name: string, step: () => unknown): void;
  /** Runs the ordered shutdown once. */
  stop(): Promise<void>;
}

/**
 * What every service process starts with: its logger, its metrics registry, the shared state (Redis or
 * in-process) and an ordered shutdown that already knows to close them. The service composes its own
 * parts on top and registers how they stop.
 */
export function createServiceRuntime(config: RuntimeConfig, options: RuntimeOptions = {}): ServiceRuntime {
  const logger = createLogger({
    service: config.SERVICE_NAME,
    level: config.LOG_LEVEL,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const metrics = createMetrics(config.SERVICE_NAME);
  const platform = createPlatform({
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    keyPrefix: config.REDIS_KEY_PREFIX,
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    onError: (error, context) => logger.warn({ err: error, context }, 'shared state degraded'),
  });
  const shutdown = new OrderedShutdown();
  // The database (added later, when opened) closes after the platform: queued jobs still write to it.
  let database: Database | undefined;
  shutdown.add('closePlatform', 'platform and database', async () => {
    try {
      await platform.close();
    } finally {
      await database?.close();
    }
  });
  let stopping = false;

  return {
    logger,
    metrics,
    platform,
    version: repositoryVersion(),
    get stopping() {
      return stopping;
    },
    async openDatabase(settings, migrate) {
      const opened = await createDatabase({
        ...(settings.DATABASE_URL ? { databaseUrl: settings.DATABASE_URL } : {}),
        dataDir: settings.DATA_DIR,
        poolMax: settings.DATABASE_POOL_MAX,
        onPoolError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
        onEmbeddedExit: (reason) => logger.error({ err: reason }, 'embedded Postgres server exited'),
      });
      database = opened;
      if (migrate === 'always' || (migrate === 'embedded' && opened.kind === 'embedded')) {
        const report = await opened.migrate();
        if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
      }
      return opened;
    },
    async serveAdmin(readiness) {
      const admin = await startAdminServer({
        host: config.METRICS_HOST,
        port: config.METRICS_PORT,
        registry: metrics.registry,
        readiness,
        isShuttingDown: () => stopping,
      });
      shutdown.add('closePlatform', 'admin server', () => admin.close());
      return admin;
    },
    onStop: (phase, name, step) => shutdown.add(phase, name, step),
    stop() {
      if (!stopping && options.hardDeadlineMessage !== undefined) {
        const message = options.hardDeadlineMessage;
        const deadline = setTimeout(() => {
          logger.error(message);
          process.exit(1);
        }, config.SHUTDOWN_TIMEOUT_MS);
        deadline.unref();
      }
      stopping = true;
      return shutdown.run(logger);
    },
  };
}

let version: string | undefined;

/** `src/` and `dist/` sit at the same depth below the repository, so one path serves both. */
function repositoryVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
