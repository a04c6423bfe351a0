import { ConfigError, internalAuthFrom } from '@kirogate/config';
import { GrpcCredentialAdmin, startGrpcServer } from '@kirogate/grpc';
import { type Logger, readinessFrom } from '@kirogate/observability';
import { createServiceRuntime, listen } from '@kirogate/service-runtime';
import type { UserServiceConfig } from './config.ts';
import { createUserService } from './create-user-service.ts';
import { userGrpcService } from './grpc/user-grpc-service.ts';

export interface RunningUserService {
  url: string;
  grpcPort: number;
  adminPort: number;
  logger: Logger;
  /** Stops both listeners; running requests and calls finish within SHUTDOWN_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/**
 * The scaled user-service: HTTP (pages and JSON APIs) on PORT, gRPC (VerifyApiKey) on GRPC_PORT,
 * /metrics and probes on METRICS_PORT; Postgres on DATABASE_URL (migrated by the migrate job), Redis
 * on REDIS_URL, token-broker at TOKEN_BROKER_URL.
 */
export async function startUserService(config: UserServiceConfig): Promise<RunningUserService> {
  if (!config.TOKEN_BROKER_URL) {
    throw new ConfigError([
      {
        variable: 'TOKEN_BROKER_URL',
        reason: 'required: donations and the admin token pages go to token-broker',
      },
    ]);
  }
  const runtime = createServiceRuntime(config, { hardDeadlineMessage: 'user-service did not stop in time' });
  const { logger, metrics, platform } = runtime;
  const database = await runtime.openDatabase(config, 'embedded');
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
    version: runtime.version,
  });
  await service.start();
  if (!config.ADMIN_PASSWORD) logger.warn('ADMIN_PASSWORD is not set: the admin panel is off');

  const http = await listen(service.app, {
    host: config.HOST,
    port: config.PORT,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
  const grpc = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    auth: internalAuthFrom(config),
    services: [userGrpcService(service.verifier, service.grpcObserver)],
  });
  grpc.setServing(true);
  const admin = await runtime.serveAdmin(
    readinessFrom({ sharedState: () => platform.ping(), database: () => database.ping() }),
  );
  runtime.onStop('drain', 'HTTP requests', () => http.close(config.SHUTDOWN_TIMEOUT_MS));
  runtime.onStop('drain', 'gRPC calls', () => grpc.shutdown(config.SHUTDOWN_TIMEOUT_MS));
  runtime.onStop('drain', 'site snapshot timer', () => service.close());
  runtime.onStop('closeClients', 'token-broker', () => credentialAdmin.close());

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
  return { url: http.url, grpcPort: grpc.port, adminPort: admin.port, logger, stop: () => runtime.stop() };
}
