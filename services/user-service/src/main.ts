import { createServer } from 'node:http';
import { ConfigError, internalAuthFrom, loadConfig } from '@kirogate/config';
import { createDatabase } from '@kirogate/db';
import { GrpcCredentialAdmin, startGrpcServer } from '@kirogate/grpc';
import {
  createLogger,
  createMetrics,
  type RunningService,
  readinessFrom,
  runService,
  startAdminServer,
} from '@kirogate/observability';
import { createPlatform } from '@kirogate/platform';
import { userServiceConfigSchema } from './config.ts';
import { createUserService } from './create-user-service.ts';
import { userGrpcService } from './grpc/user-grpc-service.ts';

/**
 * The scaled user-service: HTTP (pages and JSON APIs) on PORT, gRPC (VerifyApiKey) on GRPC_PORT,
 * /metrics and probes on METRICS_PORT; Postgres on DATABASE_URL (migrated by the migrate job), Redis
 * on REDIS_URL, token-broker at TOKEN_BROKER_URL. SIGTERM stops both listeners gracefully.
 */
async function start(): Promise<RunningService> {
  const config = loadConfig(userServiceConfigSchema);
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  if (!config.TOKEN_BROKER_URL) {
    throw new ConfigError([
      {
        variable: 'TOKEN_BROKER_URL',
        reason: 'required: donations and the admin token pages go to token-broker',
      },
    ]);
  }
  const metrics = createMetrics(config.SERVICE_NAME);
  const platform = createPlatform({
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    keyPrefix: config.REDIS_KEY_PREFIX,
    onError: (error, context) => logger.warn({ err: error, context }, 'shared state degraded'),
  });
  const database = await createDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
    onEmbeddedExit: (reason) => logger.error({ err: reason }, 'embedded Postgres server exited'),
  });
  if (database.kind === 'embedded') await database.migrate();
  const credentialAdmin = new GrpcCredentialAdmin({
    target: config.TOKEN_BROKER_URL,
    deadlineMs: config.GRPC_DEADLINE_MS,
    auth: internalAuthFrom(config),
  });
  const service = createUserService({
    db: database.db,
    platform,
    credentialAdmin,
    config,
    logger,
    metrics,
    version: '0.1.0',
  });
  await service.start();
  if (!config.ADMIN_PASSWORD) logger.warn('ADMIN_PASSWORD is not set: the admin panel is off');

  const http = createServer(service.app);
  http.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS;
  http.headersTimeout = config.HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  const grpc = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    auth: internalAuthFrom(config),
    services: [userGrpcService(service.verifier, service.grpcObserver)],
  });
  grpc.setServing(true);
  let stopping = false;
  const admin = await startAdminServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: readinessFrom({ sharedState: () => platform.ping(), database: () => database.ping() }),
    isShuttingDown: () => stopping,
  });
  logger.info(
    {
      port: config.PORT,
      grpcPort: grpc.port,
      adminPort: admin.port,
      sharedState: platform.kind,
      database: database.kind,
    },
    'user-service listening',
  );

  return {
    logger,
    async stop() {
      stopping = true;
      const deadline = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS);
      deadline.unref();
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      await Promise.all([httpClosed, grpc.shutdown(config.SHUTDOWN_TIMEOUT_MS), service.close()]);
      credentialAdmin.close();
      await Promise.allSettled([platform.close(), database.close(), admin.close()]);
    },
  };
}

await runService(start, { stoppingMessage: 'user-service stopping' });
