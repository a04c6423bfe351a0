import { join } from 'node:path';
import { connectUserService, createGateway, refreshModelsPeriodically } from '@kirogate/api-gateway';
import { createKeyring, deriveEncryptionKey, loadOrCreateStandaloneKey } from '@kirogate/db';
import { kiroClientFromConfig } from '@kirogate/kiro';
import { type Logger, readinessFrom } from '@kirogate/observability';
import { createServiceRuntime, listen, type RunningServer } from '@kirogate/service-runtime';
import { createTokenBrokerCore, loadServerCredentials } from '@kirogate/token-broker';
import { createUserService, loadOrCreateSessionSecret, webNotFound } from '@kirogate/user-service';
import { startWorkerInProcess } from '@kirogate/worker';
import type { StandaloneConfig } from './config.ts';

export interface Standalone {
  url: string;
  adminPort: number;
  logger: Logger;
  /** Drains (new requests refused, open streams finish within the grace period) and stops everything. */
  stop(): Promise<void>;
}

/**
 * All four services in one process: the gateway with the token broker, user-service and the worker
 * bound in-process, on Postgres (DATABASE_URL) or an embedded Postgres server in DATA_DIR, and Redis (REDIS_URL) or
 * in-process locks, caches, rate limits and queues. The same code runs as separate services.
 * `version` is what /health and the pages show; the repository's when omitted.
 */
export async function startStandalone(config: StandaloneConfig, version?: string): Promise<Standalone> {
  const runtime = createServiceRuntime(config);
  const appVersion = version ?? runtime.version;
  const { logger, metrics, platform } = runtime;
  // This process owns its database schema (embedded or not): no migrate job runs beside it.
  const database = await runtime.openDatabase(config, 'always');
  const keyring = createKeyring(
    config.TOKEN_ENCRYPT_KEY
      ? deriveEncryptionKey(config.TOKEN_ENCRYPT_KEY)
      : await loadOrCreateStandaloneKey(config.DATA_DIR),
    config.TOKEN_ENCRYPT_KEY_PREVIOUS.map(deriveEncryptionKey),
  );

  const kiro = kiroClientFromConfig(config, {
    headersTimeoutMs: config.FIRST_TOKEN_TIMEOUT + 5_000,
    bodyTimeoutMs: config.STREAM_READ_TIMEOUT + 5_000,
  });
  const serverCredentials = await loadServerCredentials({
    refreshToken: config.REFRESH_TOKEN,
    credsFile: config.KIRO_CREDS_FILE,
    region: config.KIRO_REGION,
    profileArn: config.PROFILE_ARN,
  });
  const core = await createTokenBrokerCore({
    platform,
    kiro,
    db: database.db,
    keyring,
    acceptsDonations: true,
    serverCredentials,
    region: config.KIRO_REGION,
    ...(config.PROFILE_ARN ? { profileArn: config.PROFILE_ARN } : {}),
    refreshMarginMs: config.TOKEN_REFRESH_THRESHOLD,
    maxInFlightPerCredential: config.MAX_IN_FLIGHT_PER_CREDENTIAL,
    tokenJournal: { dir: config.TOKEN_JOURNAL_DIR ?? join(config.DATA_DIR, 'token-journal') },
    onStatusChange: (credentialId, status, reason) =>
      logger.warn({ credentialId, status, reason }, 'credential taken out of rotation'),
    onBackgroundError: (error, context) =>
      logger.warn({ err: error, context }, 'token broker background task failed'),
  });
  if (!core.admin) throw new Error('the token broker has a database here, so it must have an admin');

  const users = createUserService({
    db: database.db,
    platform,
    credentialAdmin: core.admin,
    config: {
      ...config,
      USER_SESSION_SECRET: config.USER_SESSION_SECRET ?? (await loadOrCreateSessionSecret(config.DATA_DIR)),
    },
    logger,
    metrics,
    version: appVersion,
    // Read per status computation, after the gateway below exists.
    models: () => gateway.models.publicNames(),
  });
  await users.start();
  const connection = await connectUserService({
    platform,
    verifier: users.verifier,
    envProxyApiKey: config.PROXY_API_KEY,
    onError: (error) => logger.warn({ err: error }, 'site state or key revocations degraded'),
  });

  const gateway = createGateway({
    config,
    broker: core.broker,
    verifier: connection.verifier,
    proxyKeyHash: connection.proxyKeyHash,
    before: [connection.middleware],
    web: { router: users.router, notFound: webNotFound(users.webDeps) },
    platform,
    kiro,
    logger,
    metrics,
    version: appVersion,
    keyring,
    poolCapacity: async () => (await core.poolStatus()).publicCapacity,
    healthDetails: async () => ({
      pool: await core.poolStatus(),
      sharedState: platform.kind,
      database: database.kind,
    }),
  });
  const worker = await startWorkerInProcess({
    platform,
    db: database.db,
    credentialAdmin: core.admin,
    logger,
    metrics,
    config,
  });
  const http: RunningServer = await listen(gateway.app, {
    host: config.HOST,
    port: config.PORT,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
  const admin = await runtime.serveAdmin(
    readinessFrom({ sharedState: () => platform.ping(), database: () => database.ping() }),
  );
  const stopModels = refreshModelsPeriodically({
    broker: core.broker,
    kiro,
    registry: gateway.models,
    intervalMs: config.MODEL_CACHE_TTL,
    enabled: serverCredentials.records.length > 0,
    logger,
  });

  logger.info(
    {
      url: http.url,
      adminPort: admin.port,
      credentials: serverCredentials.sources,
      sharedState: platform.kind,
      database: database.kind,
      adminPanel: config.ADMIN_PASSWORD ? 'on' : 'off (set ADMIN_PASSWORD)',
    },
    serverCredentials.records.length > 0
      ? 'KiroGate is listening'
      : 'KiroGate is listening without server credentials: callers send PROXY_API_KEY:REFRESH_TOKEN or use donated tokens',
  );
  if (!config.PROXY_API_KEY) logger.warn('PROXY_API_KEY is not set: only sk- user keys are accepted');

  runtime.onStop('stopAccepting', 'gateway', () => {
    gateway.startDraining();
    stopModels();
  });
  runtime.onStop('drain', 'requests, usage, jobs and leases', async () => {
    await http.close(config.SHUTDOWN_TIMEOUT_MS);
    await gateway.usage.flush();
    gateway.usage.close();
    await worker.stop();
    await gateway.closeBroker();
    await core.broker.drain();
  });
  runtime.onStop('closeClients', 'user-service', () => users.close());
  runtime.onStop('closeClients', 'site state and key revocations', () => connection.close());
  runtime.onStop('closeClients', 'kiro', () => kiro.close());

  return {
    url: http.url,
    adminPort: admin.port,
    logger,
    stop: () => runtime.stop(),
  };
}
