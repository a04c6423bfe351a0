import { internalAuthFrom } from '@kirogate/config';
import { GrpcCredentialChecker } from '@kirogate/grpc';
import { type Logger, readinessFrom } from '@kirogate/observability';
import { createServiceRuntime } from '@kirogate/service-runtime';
import type { WorkerConfig } from './config.ts';
import { startWorker } from './start-worker.ts';

export interface RunningWorkerService {
  adminPort: number;
  logger: Logger;
  /** Writes the running usage batch, lets running jobs finish within SHUTDOWN_TIMEOUT_MS, closes everything. */
  stop(): Promise<void>;
}

/**
 * The scaled worker: BullMQ on REDIS_URL, Postgres on DATABASE_URL, health checks through token-broker
 * on TOKEN_BROKER_URL (gRPC), /metrics and probes on METRICS_PORT.
 */
export async function startWorkerService(config: WorkerConfig): Promise<RunningWorkerService> {
  const runtime = createServiceRuntime(config, {
    // No request is waiting on the worker: enqueues, counts and schedules may take their time.
    commandTimeoutMs: 5_000,
    hardDeadlineMessage: 'running jobs did not finish in time; their jobs will be redelivered',
  });
  const { logger, metrics, platform } = runtime;
  const database = await runtime.openDatabase(config, 'never');
  const admin = await runtime.serveAdmin(
    readinessFrom({ sharedState: () => platform.ping(), database: () => database.ping() }),
  );
  const credentialAdmin = config.TOKEN_BROKER_URL
    ? new GrpcCredentialChecker(config.TOKEN_BROKER_URL, {
        deadlineMs: config.GRPC_DEADLINE_MS,
        auth: internalAuthFrom(config),
      })
    : undefined;
  const worker = await startWorker({
    platform,
    db: database.db,
    ...(credentialAdmin ? { credentialAdmin } : {}),
    logger,
    metrics,
    config,
  });
  // Before the platform closes: closing the job queue then finds the running jobs finishing.
  runtime.onStop('drain', 'usage batch and running jobs', () => worker.stop());
  if (credentialAdmin) runtime.onStop('closeClients', 'token-broker', () => credentialAdmin.close());

  logger.info(
    { sharedState: platform.kind, database: database.kind, adminPort: admin.port },
    'worker started',
  );
  return { adminPort: admin.port, logger, stop: () => runtime.stop() };
}
