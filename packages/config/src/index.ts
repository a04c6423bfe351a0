export { ConfigError, type ConfigIssue } from './config-error.ts';
export {
  envBoolean,
  envHttpUrl,
  envInt,
  envList,
  envNumber,
  envOptionalInt,
  envPort,
  envSecondsAsMs,
} from './env-parsers.ts';
export {
  checkInternalAuth,
  grpcFragment,
  internalAuthFragment,
  internalAuthFrom,
} from './fragments/grpc-fragment.ts';
export { checkHttpServerTimeouts, httpServerFragment } from './fragments/http-server-fragment.ts';
export { kiroFragment } from './fragments/kiro-fragment.ts';
export { observabilityFragment } from './fragments/observability-fragment.ts';
export { otelFragment } from './fragments/otel-fragment.ts';
export { postgresFragment } from './fragments/postgres-fragment.ts';
export { redisFragment } from './fragments/redis-fragment.ts';
export { secretsFragment } from './fragments/secrets-fragment.ts';
export { trustedProxiesFragment } from './fragments/trusted-proxies-fragment.ts';
export { loadConfig } from './load-config.ts';
export { envLogLevel, type LogLevel, logLevels } from './log-level.ts';
export { maskUrl } from './mask-url.ts';
export { isPlaceholderSecret, notPlaceholder } from './placeholder-secret.ts';
export { isSecretSchema, secret } from './secret.ts';
export { type SummaryValue, summarizeConfig } from './summarize-config.ts';
