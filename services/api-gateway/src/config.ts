import {
  checkHttpServerTimeouts,
  checkInternalAuth,
  envHttpUrl,
  envInt,
  envNumber,
  envSecondsAsMs,
  grpcFragment,
  httpServerFragment,
  kiroFragment,
  notPlaceholder,
  observabilityFragment,
  redisFragment,
  secret,
  secretsFragment,
  trustedProxiesFragment,
} from '@kirogate/config';
import { z } from 'zod';

/** `alias=target` pairs, comma-separated: `MODEL_ALIASES=gpt-4o=claude-sonnet-4.5,fast=claude-haiku-4.5`. */
const modelAliases = z
  .string()
  .transform((raw, ctx) => {
    const aliases: Record<string, string> = {};
    for (const pair of raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const [alias, target] = pair.split('=').map((part) => part.trim());
      if (!alias || !target) {
        ctx.addIssue({ code: 'custom', message: `expected alias=target, got "${pair.slice(0, 40)}"` });
        return z.NEVER;
      }
      aliases[alias] = target;
    }
    return aliases;
  })
  .default({});

/** The gateway's settings. The Python KiroGate's names (seconds, not milliseconds) keep working. */
export const gatewayConfigFields = {
  ...httpServerFragment,
  ...observabilityFragment,
  ...redisFragment,
  ...grpcFragment,
  ...kiroFragment,
  ...secretsFragment,
  ...trustedProxiesFragment,
  SERVICE_NAME: z.string().trim().min(1).default('api-gateway'),
  PROXY_API_KEY: secret(notPlaceholder(z.string().min(1)).optional()),
  FIRST_TOKEN_TIMEOUT: envSecondsAsMs(60),
  FIRST_TOKEN_MAX_RETRIES: envInt(3, { min: 0, max: 10 }),
  STREAM_READ_TIMEOUT: envSecondsAsMs(300),
  NON_STREAM_TIMEOUT: envSecondsAsMs(900),
  MAX_RETRIES: envInt(3, { min: 1, max: 10 }),
  BASE_RETRY_DELAY: envSecondsAsMs(1),
  SLOW_MODEL_TIMEOUT_MULTIPLIER: envNumber(3, { min: 1, max: 20 }),
  TOOL_DESCRIPTION_MAX_LENGTH: envInt(10_000, { min: 0 }),
  /**
   * Kiro model ids (comma-separated; a trailing `*` matches a prefix) that think natively
   * (reasoningContentEvent): thinking requests to them get no prompt tags. The rest get tags.
   */
  NATIVE_THINKING_MODELS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .default([]),
  /**
   * Kiro refuses large bodies (CONTENT_LENGTH_EXCEEDS_THRESHOLD) at a size it does not publish; above
   * this the gateway answers "prompt is too long" itself, before leasing a credential. 0 = no check.
   */
  KIRO_MAX_PAYLOAD_BYTES: envInt(1_000_000, { min: 0 }),
  /** Extra upstream calls, within one client response, after Kiro cut a tool call's input. */
  TOOL_CALL_CONTINUATIONS: envInt(2, { min: 0, max: 10 }),
  RATE_LIMIT_PER_MINUTE: envInt(0, { min: 0 }),
  /** Largest share (percent) of the public pool's in-flight capacity one user may hold; 0 = no cap. */
  POOL_SHARE_PERCENT: envNumber(25, { min: 0, max: 100 }),
  /** Failed authentications per client IP per minute before its requests get 429; 0 = off. */
  AUTH_FAILURES_PER_MINUTE: envInt(30, { min: 0 }),
  /** Request bodies carry base64 images; 50 MB leaves room for several large ones. */
  MAX_REQUEST_BODY_MB: envNumber(50, { min: 0.1, max: 512 }),
  HEARTBEAT_INTERVAL: envSecondsAsMs(15),
  SLOW_CLIENT_TIMEOUT: envSecondsAsMs(60),
  MODEL_CACHE_TTL: envSecondsAsMs(3600),
  MODEL_ALIASES: modelAliases,
  /** Where the scaled gateway forwards web paths (user-service's HTTP port); unset = no web pages here. */
  USER_SERVICE_HTTP_URL: envHttpUrl().optional(),
  /** How long `/v1/responses` keeps a response for `previous_response_id` and GET. */
  RESPONSE_STORE_TTL: envSecondsAsMs(30 * 24 * 3600),
  /** Images clients reference by http(s) URL are fetched by the gateway up to this size… */
  IMAGE_FETCH_MAX_BYTES: envInt(10 * 1024 * 1024, { min: 1024 }),
  /** …within this time (redirects included). */
  IMAGE_FETCH_TIMEOUT: envSecondsAsMs(10),
  DEBUG_MODE: z.enum(['off', 'errors', 'all']).default('off'),
  DEBUG_DIR: z.string().trim().min(1).default('debug_logs'),
  /** Request dumps kept in DEBUG_DIR; the oldest are deleted first. */
  DEBUG_MAX_DUMPS: envInt(200, { min: 1, max: 100_000 }),
  /** Request dumps older than this are deleted. */
  DEBUG_MAX_AGE: envSecondsAsMs(86_400),
};

export const gatewayConfigSchema = z.object(gatewayConfigFields).superRefine((config, ctx) => {
  checkHttpServerTimeouts(config, ctx);
  checkInternalAuth(config, ctx, Boolean(config.TOKEN_BROKER_URL || config.USER_SERVICE_URL));
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
