import { ConfigError, internalAuthFrom } from '@kirogate/config';
import type { ApiKeyVerifier } from '@kirogate/contracts';
import { GrpcApiKeyVerifier, GrpcCredentialBroker } from '@kirogate/grpc';
import { kiroClientFromConfig } from '@kirogate/kiro';
import type { Logger } from '@kirogate/observability';
import { createServiceRuntime, listen } from '@kirogate/service-runtime';
import type { GatewayConfig } from './config.ts';
import { createGateway } from './create-gateway.ts';
import { gatewayReadiness } from './gateway-readiness.ts';
import { forwardWeb } from './http/forward-web.ts';
import { refreshModelsPeriodically } from './pipeline/refresh-models.ts';
import { connectUserService } from './site-guard/connect-user-service.ts';

export interface RunningGateway {
  url: string;
  adminPort: number;
  logger: Logger;
  /** Refuses new requests, lets open streams finish within SHUTDOWN_TIMEOUT_MS, then closes everything. */
  stop(): Promise<void>;
}

/**
 * The scaled gateway: its own process, with the token broker over gRPC (TOKEN_BROKER_URL) and shared
 * state in Redis (REDIS_URL). `npm start` runs the standalone entry instead.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const brokerUrl = config.TOKEN_BROKER_URL;
  if (!brokerUrl) {
    throw new ConfigError([{ variable: 'TOKEN_BROKER_URL', reason: 'is required by the scaled gateway' }]);
  }
  const runtime = createServiceRuntime(config);
  const { logger, metrics, platform } = runtime;
  const kiro = kiroClientFromConfig(config, {
    headersTimeoutMs: config.FIRST_TOKEN_TIMEOUT + 5_000,
    bodyTimeoutMs: config.STREAM_READ_TIMEOUT + 5_000,
  });
  const broker = new GrpcCredentialBroker({
    target: brokerUrl,
    deadlineMs: config.GRPC_DEADLINE_MS,
    maxQueuedReports: 10_000,
    metrics,
    auth: internalAuthFrom(config),
  });

  // `sk-` keys are verified by user-service over gRPC (cached here, emptied by its revocation messages);
  // without USER_SERVICE_URL this gateway knows no user keys, only the proxy key and combined mode.
  const keyStore: ApiKeyVerifier = config.USER_SERVICE_URL
    ? new GrpcApiKeyVerifier(config.USER_SERVICE_URL, {
        deadlineMs: config.GRPC_DEADLINE_MS,
        auth: internalAuthFrom(config),
      })
    : { verify: async () => null };
  const connection = await connectUserService({
    platform,
    verifier: keyStore,
    envProxyApiKey: config.PROXY_API_KEY,
    onError: (error) => logger.warn({ err: error }, 'site state or key revocations degraded'),
  });
  const web = config.USER_SERVICE_HTTP_URL
    ? forwardWeb(config.USER_SERVICE_HTTP_URL, { timeoutMs: config.GRPC_DEADLINE_MS * 6 })
    : undefined;

  const poolStatus = () => broker.client.call('poolStatus', {}, { deadlineMs: 1_000 });
  const gateway = createGateway({
    config,
    broker,
    verifier: connection.verifier,
    proxyKeyHash: connection.proxyKeyHash,
    before: [connection.middleware],
    ...(web ? { web: { router: web.router, notFound: web.notFound } } : {}),
    platform,
    kiro,
    logger,
    metrics,
    version: runtime.version,
    poolCapacity: async () => (await poolStatus()).publicCapacity,
    healthDetails: async () => ({
      // The standalone's shape, so dashboards and probes read both the same way.
      pool: await poolStatus().then(
        (pool) => ({
          total: pool.total,
          active: pool.byStatus.active ?? 0,
          coolingDown: pool.coolingDown,
          inFlight: pool.inFlight,
          byStatus: pool.byStatus,
        }),
        () => null,
      ),
      sharedState: platform.kind,
      tokenBroker: brokerUrl,
    }),
  });
  const http = await listen(gateway.app, {
    host: config.HOST,
    port: config.PORT,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
  const admin = await runtime.serveAdmin(
    gatewayReadiness({ sharedState: () => platform.ping(), tokenBroker: poolStatus }),
  );
  const stopModels = refreshModelsPeriodically({
    broker,
    kiro,
    registry: gateway.models,
    intervalMs: config.MODEL_CACHE_TTL,
    enabled: true,
    logger,
  });

  runtime.onStop('stopAccepting', 'gateway', () => {
    gateway.startDraining();
    stopModels();
  });
  runtime.onStop('drain', 'requests, usage and outcome reports', async () => {
    await http.close(config.SHUTDOWN_TIMEOUT_MS);
    await gateway.usage.flush();
    gateway.usage.close();
    // After the last response: its outcome report is in the queue and goes out with this flush.
    await gateway.closeBroker();
  });
  runtime.onStop('closeClients', 'kiro', () => kiro.close());
  runtime.onStop('closeClients', 'user-service', () => connection.close());
  if (web) runtime.onStop('closeClients', 'web forwarding', () => web.close());

  logger.info(
    { url: http.url, adminPort: admin.port, tokenBroker: brokerUrl, sharedState: platform.kind },
    'KiroGate gateway is listening',
  );
  return { url: http.url, adminPort: admin.port, logger, stop: () => runtime.stop() };
}
