import { type ApiKeyVerifier, hashSecret } from '@kirogate/contracts';
import type { Keyring } from '@kirogate/db/crypto';
import type { KiroClient } from '@kirogate/kiro';
import type { Logger, Metrics } from '@kirogate/observability';
import type { Platform } from '@kirogate/platform';
import type { Express } from 'express';
import { createGatewayApp, type GatewayDeps, type HealthReport } from './app.ts';
import {
  type ClosableCredentialBroker,
  defaultLeaseReuse,
  type LeaseReuseSettings,
  ReusingCredentialBroker,
} from './broker/reusing-credential-broker.ts';
import type { GatewayConfig } from './config.ts';
import { DebugDumps } from './debug/debug-dumps.ts';
import { anthropicFormat } from './formats/anthropic-format.ts';
import { openAiFormat } from './formats/openai-format.ts';
import { gatewayMetrics } from './gateway-metrics.ts';
import { RemoteImageFetcher } from './images/remote-image-fetcher.ts';
import { LimitGuard } from './limits/limit-guard.ts';
import { chatSettingsFrom } from './pipeline/chat-settings.ts';
import { ModelRegistry } from './pipeline/model-registry.ts';
import { CacheResponseStore } from './responses/cache-response-store.ts';
import { responseKeyring } from './responses/response-keyring.ts';
import { KiroConverter } from './upstreams/kiro/kiro-conversion.ts';
import { KiroUpstream } from './upstreams/kiro/kiro-upstream.ts';
import { UsageRecorder } from './usage/usage-recorder.ts';

export interface GatewayPorts {
  config: GatewayConfig;
  /** The token broker, in-process or over gRPC; lease reuse is put in front of it here, for both. */
  broker: ClosableCredentialBroker;
  leaseReuse?: LeaseReuseSettings;
  verifier: ApiKeyVerifier;
  platform: Platform;
  kiro: KiroClient;
  logger: Logger;
  metrics: Metrics;
  /** SHA-256 of the runtime proxy key (an admin may rotate it); of the configured one when omitted. */
  proxyKeyHash?: () => string | undefined;
  /** Middleware before every route (the site guard) and user-service's routes, when in this process. */
  before?: GatewayDeps['before'];
  web?: GatewayDeps['web'];
  /** Extra facts for `/health` (pool size, dependencies), supplied by whoever hosts the broker. */
  healthDetails?: () => Promise<Record<string, unknown>>;
  /** Seals stored Responses API responses; from TOKEN_ENCRYPT_KEY (or a random key) when omitted. */
  keyring?: Keyring;
  /** MAX_IN_FLIGHT_PER_CREDENTIAL × active public credentials (token-broker); no pool-share cap without it. */
  poolCapacity?: () => Promise<number>;
  version: string;
}

export interface Gateway {
  app: Express;
  models: ModelRegistry;
  usage: UsageRecorder;
  openStreams: () => number;
  /** From now on new requests are refused with 503; open streams continue. */
  startDraining: () => void;
  /** After the last response: gives reused leases back and closes the broker underneath. */
  closeBroker: () => Promise<void>;
  limits: LimitGuard;
}

/** Builds the gateway from its ports. The same code runs standalone and as its own service. */
export function createGateway(ports: GatewayPorts): Gateway {
  const { config, logger } = ports;
  let draining = false;
  const settings = chatSettingsFrom(config);
  const models = new ModelRegistry(config.MODEL_ALIASES);
  const converter = new KiroConverter(models, settings);
  const broker = new ReusingCredentialBroker(ports.broker, ports.leaseReuse ?? defaultLeaseReuse, {
    metrics: ports.metrics,
  });
  const metrics = gatewayMetrics(ports.metrics, (model) => models.isListed(model));
  const usage = new UsageRecorder(ports.platform.jobQueue, {
    batchWindowMs: 100,
    maxBuffered: 10_000,
    retryIntervalMs: 5_000,
    onError: (error, dropped) => logger.warn({ err: error, dropped }, 'usage records not enqueued yet'),
    onRejected: (error, events) => {
      metrics.usageRejected(events.length);
      logger.error(
        { err: error, events: events.length, firstRequestId: events[0]?.requestId },
        'usage records refused by the queue, dropped',
      );
    },
  });
  const limits = new LimitGuard({
    counters: ports.platform.limitCounters,
    poolSharePercent: config.POOL_SHARE_PERCENT,
    poolCapacity: ports.poolCapacity ?? (async () => 0),
    onError: (error, context) => logger.warn({ err: error }, context),
  });
  const observer = {
    ...metrics,
    finished: (
      event: Parameters<typeof metrics.finished>[0],
      tracker: Parameters<typeof metrics.finished>[1],
    ) => {
      metrics.finished(event, tracker);
      usage.record(event);
      limits.charge(event);
      // The line is built only when it will be written (info is off in most busy deployments).
      const failed = event.status === 'error';
      if (!logger.isLevelEnabled(failed ? 'warn' : 'info')) return;
      const line = {
        requestId: event.requestId,
        correlationId: event.correlationId,
        api: event.api,
        model: event.model,
        status: event.status,
        errorClass: event.errorClass,
        stream: event.stream,
        durationMs: Math.round(event.durationMs),
        ttftMs: event.ttftMs === null ? null : Math.round(event.ttftMs),
        attempts: event.attempts,
        inputTokens: event.inputTokens,
        outputTokens: event.outputTokens,
      };
      if (failed) logger.warn(line, 'request failed');
      else logger.info(line, 'request finished');
    },
    conversionWarnings: (api: 'openai' | 'anthropic', warnings: readonly string[], requestId: string) => {
      metrics.conversionWarnings(api, warnings, requestId);
      logger.warn({ requestId, api, warnings }, 'part of the request could not be passed to Kiro');
    },
    truncationSettled: (
      outcome: Parameters<typeof metrics.truncationSettled>[0],
      cuts: Parameters<typeof metrics.truncationSettled>[1],
    ) => {
      metrics.truncationSettled(outcome, cuts);
      logger.warn(
        { outcome, cuts: cuts.map((cut) => ({ tool: cut.tool, bytes: cut.bytes })) },
        outcome === 'recovered'
          ? 'Kiro cut a tool call; recovered by asking the model to split the work'
          : 'Kiro cut a tool call; told the client instead of passing it on',
      );
    },
  };

  const sealing = responseKeyring(config, ports.keyring);
  if (sealing.ephemeral) {
    logger.warn(
      'TOKEN_ENCRYPT_KEY is unset: stored /v1/responses responses are readable by this process only',
    );
  }
  const app = createGatewayApp({
    config,
    proxyKeyHash:
      ports.proxyKeyHash ?? constant(config.PROXY_API_KEY ? hashSecret(config.PROXY_API_KEY) : undefined),
    ...(ports.before ? { before: ports.before } : {}),
    ...(ports.web ? { web: ports.web } : {}),
    verifier: ports.verifier,
    rateLimiter: ports.platform.rateLimiter,
    limits,
    models,
    formats: { openai: openAiFormat, anthropic: anthropicFormat },
    responses: {
      store: new CacheResponseStore(ports.platform.cache, sealing.keyring, config.RESPONSE_STORE_TTL),
      onStoreError: (error) => logger.warn({ err: error }, 'response not stored'),
    },
    isDraining: () => draining,
    version: ports.version,
    health: async (): Promise<HealthReport> => {
      const details = (await ports.healthDetails?.()) ?? {};
      return {
        status: draining ? 'unhealthy' : 'healthy',
        timestamp: new Date().toISOString(),
        version: ports.version,
        openStreams: metrics.openStreams(),
        modelsFetchedAt: models.fetchedAt ? new Date(models.fetchedAt).toISOString() : null,
        ...details,
      };
    },
    images: new RemoteImageFetcher({
      maxBytes: config.IMAGE_FETCH_MAX_BYTES,
      timeoutMs: config.IMAGE_FETCH_TIMEOUT,
      maxRedirects: 3,
    }),
    debug: new DebugDumps({
      mode: config.DEBUG_MODE,
      dir: config.DEBUG_DIR,
      maxDumps: config.DEBUG_MAX_DUMPS,
      maxAgeMs: config.DEBUG_MAX_AGE,
      secrets: () =>
        // The admin-set proxy key is known here only as a hash; header names like `authorization` are
        // masked by name.
        [config.PROXY_API_KEY, config.REFRESH_TOKEN].filter((secret): secret is string => !!secret),
      onError: (error) => logger.warn({ err: error }, 'debug dump not written'),
    }),
    chat: {
      broker,
      converter,
      upstream: new KiroUpstream(ports.kiro),
      observer,
      settings,
    },
  });

  return {
    app,
    models,
    usage,
    openStreams: metrics.openStreams,
    startDraining: () => {
      draining = true;
    },
    closeBroker: () => broker.close(),
    limits,
  };
}

function constant<T>(value: T): () => T {
  return () => value;
}
