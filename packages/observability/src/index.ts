export { createLogger, type Logger, type LoggerOptions } from './create-logger.ts';
export {
  type CounterHandle,
  createMetrics,
  type GaugeConfig,
  type GaugeHandle,
  type HistogramConfig,
  type HistogramHandle,
  type LabelValues,
  type MetricConfig,
  type Metrics,
  metricPrefix,
} from './create-metrics.ts';
export { redactedLabelValue } from './label-guard.ts';
export {
  type CheckResult,
  type ReadinessOptions,
  type ReadinessProbe,
  type ReadinessReport,
  readinessFrom,
} from './readiness.ts';
export { currentContext, type RequestContext, runWithContext } from './request-context.ts';
export { looksLikeSecret, scrubSecrets } from './scrub-secrets.ts';
export { type AdminServer, type AdminServerOptions, startAdminServer } from './start-admin-server.ts';
export {
  currentTraceCarrier,
  runInSpan,
  runWithTraceCarrier,
  type SpanOptions,
  type TraceCarrier,
  toTraceCarrier,
} from './trace-carrier.ts';
export { shutdownTracing } from './tracing-sdk.ts';
