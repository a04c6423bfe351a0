import { join } from 'node:path';
import { internalAuthFrom } from '@kirogate/config';
import { createKeyring, deriveEncryptionKey, type Keyring, loadOrCreateStandaloneKey } from '@kirogate/db';
import { type RunningGrpcServer, startGrpcServer } from '@kirogate/grpc';
import { kiroClientFromConfig } from '@kirogate/kiro';
import { type Logger, readinessFrom } from '@kirogate/observability';
import { LocalFallbackCache } from '@kirogate/platform';
import { createServiceRuntime } from '@kirogate/service-runtime';
import { brokerMetrics } from './broker-metrics.ts';
import type { BrokerConfig } from './config.ts';
import { createTokenBrokerCore } from './create-token-broker-core.ts';
import { type RecheckInvalidated, recheckInvalidated } from './recheck-invalidated.ts';
import { loadServerCredentials } from './server-credentials.ts';
import { tokenBrokerGrpcService } from './token-broker-grpc-service.ts';

export interface RunningTokenBroker {
  grpcPort: number;
  adminPort: number;
  logger: Logger;
  /** Health NOT_SERVING, running calls finish within SHUTDOWN_TIMEOUT_MS, then everything closes. */
  stop(): Promise<void>;
}

/** The token-broker service: gRPC on GRPC_PORT, /metrics and probes on METRICS_PORT. */
export async function startTokenBroker(config: BrokerConfig): Promise<RunningTokenBroker> {
  const runtime = createServiceRuntime(config, {
    // A lease waits on a handful of Redis commands; failing it costs the caller a whole request, so
    // the broker tolerates a slower Redis than the gateway's rate limiter does.
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  const { logger, metrics, platform } = runtime;
  const observed = brokerMetrics(metrics);
  // The embedded server belongs to this process alone; a shared one is migrated by the migrate job.
  const database = await runtime.openDatabase(config, 'embedded');
  const keyring = await keyringFor(config);
  // Connect before serving, so the first leases do not pay (or time out on) the connection.
  await platform.ping();

  const kiro = kiroClientFromConfig(config, {
    headersTimeoutMs: 30_000,
    bodyTimeoutMs: 30_000,
  });
  const server = await loadServerCredentials({
    refreshToken: config.REFRESH_TOKEN,
    credsFile: config.KIRO_CREDS_FILE,
    region: config.KIRO_REGION,
    profileArn: config.PROFILE_ARN,
  });
  // While Redis is away a lease is served from what this replica last saw (access tokens, health,
  // in-flight counts) and its writes are replayed when Redis is back: a credential with a fresh access
  // token keeps serving. Refreshes still need the Redis lock, so they wait for Redis.
  const cache =
    platform.kind === 'redis'
      ? new LocalFallbackCache(platform.cache, {
          onDegraded: (error) => logger.warn({ err: error }, 'Redis unreachable: leases use local state'),
          onReconciled: (keys) => logger.info({ keys }, 'Redis is back: local writes replayed'),
          onReplayError: (error) =>
            logger.warn({ err: error }, 'a local write could not be replayed to Redis'),
        })
      : platform.cache;
  let recheck: RecheckInvalidated | undefined;
  const core = await createTokenBrokerCore({
    platform: { locker: platform.locker, cache, kind: platform.kind },
    kiro,
    db: database.db,
    keyring,
    acceptsDonations: true,
    serverCredentials: server,
    region: config.KIRO_REGION,
    ...(config.PROFILE_ARN ? { profileArn: config.PROFILE_ARN } : {}),
    refreshMarginMs: config.TOKEN_REFRESH_THRESHOLD,
    maxInFlightPerCredential: config.MAX_IN_FLIGHT_PER_CREDENTIAL,
    events: observed.events,
    tokenJournal: {
      dir: config.TOKEN_JOURNAL_DIR ?? join(config.DATA_DIR, 'token-journal'),
      ...(config.FAULT_HOOK === 'kill-before-token-write'
        ? { beforeStoreWrite: () => process.kill(process.pid, 'SIGKILL') }
        : {}),
    },
    onStatusChange: (credentialId, status, reason) => {
      logger.warn({ credentialId, status, reason }, 'credential taken out of rotation');
      recheck?.statusChanged(credentialId, status);
    },
    onBackgroundError: (error, context) => logger.warn({ err: error, context }, 'background work failed'),
  });
  observed.observe(core.broker, core.drizzleStore);
  const poolAdmin = core.admin;
  recheck = poolAdmin
    ? recheckInvalidated({
        check: (id) => poolAdmin.check(id),
        delayMs: config.TOKEN_RECHECK_BASE_DELAY,
        onError: (error, credentialId) =>
          logger.warn({ err: error, credentialId }, 'credential re-check failed'),
      })
    : undefined;

  const grpc: RunningGrpcServer = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    auth: internalAuthFrom(config),
    services: [tokenBrokerGrpcService(core, observed.grpc)],
  });
  const admin = await runtime.serveAdmin(
    readinessFrom({ database: () => database.ping(), sharedState: () => platform.ping() }),
  );
  runtime.onStop('stopAccepting', 'credential re-checks', () => recheck?.stop());
  runtime.onStop('drain', 'running calls and broker state', async () => {
    await grpc.shutdown(config.SHUTDOWN_TIMEOUT_MS);
    await core.broker.drain();
  });
  runtime.onStop('closeClients', 'kiro', () => kiro.close());
  grpc.setServing(true);
  logger.info(
    {
      grpcPort: grpc.port,
      adminPort: admin.port,
      credentials: server.sources,
      database: database.kind,
      sharedState: platform.kind,
    },
    'token broker is serving',
  );

  return {
    grpcPort: grpc.port,
    adminPort: admin.port,
    logger,
    stop: () => runtime.stop(),
  };
}

/** TOKEN_ENCRYPT_KEY (plus retired keys); with the embedded database and no key, the one kept in DATA_DIR. */
async function keyringFor(config: BrokerConfig): Promise<Keyring> {
  const previous = config.TOKEN_ENCRYPT_KEY_PREVIOUS.map(deriveEncryptionKey);
  if (config.TOKEN_ENCRYPT_KEY) return createKeyring(deriveEncryptionKey(config.TOKEN_ENCRYPT_KEY), previous);
  return createKeyring(await loadOrCreateStandaloneKey(config.DATA_DIR), previous);
}
