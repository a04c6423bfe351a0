/**
 * Loaded with `node --import @kirogate/observability/otel-register` so that instrumentation is in place
 * before the application imports http, pg or ioredis. Without an OTLP endpoint it does nothing, and the
 * SDK is not even loaded.
 */
import { loadConfig, otelFragment } from '@kirogate/config';
import { z } from 'zod';

const config = loadConfig(z.object({ ...otelFragment, SERVICE_NAME: z.string().optional() }));

if (
  config.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
  config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined
) {
  const { startTracing } = await import('./start-tracing.ts');
  startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? config.SERVICE_NAME ?? 'kirogate' });
}
