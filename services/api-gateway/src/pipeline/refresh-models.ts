import type { CredentialBroker } from '@kirogate/contracts';
import type { KiroClient } from '@kirogate/kiro';
import type { Logger } from '@kirogate/observability';
import type { KiroModelInfo, ModelRegistry } from './model-registry.ts';

export interface RefreshModelsOptions {
  broker: CredentialBroker;
  kiro: KiroClient;
  registry: ModelRegistry;
  intervalMs: number;
  enabled: boolean;
  logger: Logger;
}

/** Reads ListAvailableModels with a server credential now and every `intervalMs`; returns a stopper. */
export function refreshModelsPeriodically(options: RefreshModelsOptions): () => void {
  if (!options.enabled) return () => undefined;
  const refresh = async (): Promise<void> => {
    const started = performance.now();
    const lease = await options.broker.lease({ caller: { kind: 'server' }, model: 'auto' });
    try {
      const list = await options.kiro.listAvailableModels({
        accessToken: lease.accessToken,
        authKind: lease.authKind,
        machineId: lease.machineId,
        ...(lease.profileArn ? { profileArn: lease.profileArn } : {}),
      });
      const models: KiroModelInfo[] = list.models.map((model) => ({
        modelId: model.modelId,
        ...(model.modelName ? { modelName: model.modelName } : {}),
        ...(model.maxInputTokens ? { maxInputTokens: model.maxInputTokens } : {}),
      }));
      options.registry.replace(models);
      options.broker.report(lease.leaseId, { kind: 'success', latencyMs: performance.now() - started });
      options.logger.info({ models: models.length }, 'model list refreshed from Kiro');
    } catch (error) {
      options.broker.report(lease.leaseId, {
        kind: 'upstream-error',
        latencyMs: performance.now() - started,
      });
      throw error;
    }
  };
  const run = (): void => {
    refresh().catch((error: unknown) => options.logger.warn({ err: error }, 'model list refresh failed'));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
