import { internalAuthFrom, loadConfig } from '@kirogate/config';
import { createDatabase, createKeyring, deriveEncryptionKey } from '@kirogate/db';
import { GrpcCredentialChecker } from '@kirogate/grpc';
import {
  createLogger,
  createMetrics,
  type RunningService,
  readinessFrom,
  runService,
  startAdminServer,
} from '@kirogate/observability';
import { createPlatform } from '@kirogate/platform';
import { workerConfigSchema } from './config.ts';
import { startWorker } from './start-worker.ts';

/**
 * The scaled worker: BullMQ on REDIS_URL, Postgres on DATABASE_URL, health checks through token-broker
 * on TOKEN_BROKER_URL (gRPC), /metrics and probes on METRICS_PORT. SIGTERM writes the running usage batch, lets running jobs finish within
 * SHUTDOWN_TIMEOUT_MS, then exits.
 */
async function start(): Promise<RunningService> {
  const config = loadConfig(workerConfigSchema);
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const metrics = createMetrics(config.SERVICE_NAME);
  const platform = createPlatform({
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    keyPrefix: config.REDIS_KEY_PREFIX,
    // No request is waiting on the worker: enqueues, counts and schedules may take their time.
    commandTimeoutMs: 5_000,
    onError: (error, context) => logger.warn({ err: error, context }, 'shared state degraded'),
  });
  const database = await createDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
    onEmbeddedExit: (reason) => logger.error({ err: reason }, 'embedded Postgres server exited'),
  });
  let stopping = false;
  const admin = await startAdminServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: readinessFrom({ sharedState: () => platform.ping(), database: () => database.ping() }),
    isShuttingDown: () => stopping,
  });
  const credentialAdmin = config.TOKEN_BROKER_URL
    ? new GrpcCredentialChecker(config.TOKEN_BROKER_URL, {
        deadlineMs: config.GRPC_DEADLINE_MS,
        auth: internalAuthFrom(config),
      })
    : undefined;
  const keyring = config.TOKEN_ENCRYPT_KEY
    ? createKeyring(
        deriveEncryptionKey(config.TOKEN_ENCRYPT_KEY),
        config.TOKEN_ENCRYPT_KEY_PREVIOUS.map(deriveEncryptionKey),
      )
    : undefined;
  const worker = await startWorker({
    platform,
    db: database.db,
    ...(credentialAdmin ? { credentialAdmin } : {}),
    ...(keyring ? { keyring } : {}),
    logger,
    metrics,
    config,
  });
  logger.info(
    { sharedState: platform.kind, database: database.kind, adminPort: admin.port },
    'worker started',
  );

  return {
    logger,
    async stop() {
      stopping = true;
      const deadline = setTimeout(() => {
        logger.error('running jobs did not finish in time; their jobs will be redelivered');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      deadline.unref();
      await Promise.all([worker.stop(), platform.close()]);
      credentialAdmin?.close();
      await Promise.allSettled([database.close(), admin.close()]);
    },
  };
}

await runService(start, {
  stoppingMessage: 'worker stopping: writing the running batch, finishing running jobs',
});
