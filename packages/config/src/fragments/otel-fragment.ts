import { z } from 'zod';
import { secret } from '../secret.ts';

/**
 * The standard OpenTelemetry variables. The SDK reads them itself; they are declared here so that they
 * are validated and appear in the start-up summary. Tracing is on only when an endpoint is set.
 */
export const otelFragment = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  /** Often carries an API key for a hosted collector. */
  OTEL_EXPORTER_OTLP_HEADERS: secret(z.string().optional()),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().optional(),
};
