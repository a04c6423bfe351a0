import type { GatewayConfig } from '../config.ts';

/** Every setting the chat pipeline reads, in milliseconds, derived from the configuration once. */
export interface ChatSettings {
  /** Attempts for upstream errors (throttling, 5xx, network, auth), across credentials. */
  maxAttempts: number;
  /** Wait for the upstream's first event before re-sending. */
  firstTokenTimeoutMs: number;
  /** Extra attempts when the upstream accepted the request but sent nothing in time. */
  firstTokenMaxRetries: number;
  /** Backoff base: the n-th retry waits base·2^(n-1). */
  baseRetryDelayMs: number;
  /** Longest silence between upstream reads once the answer started. */
  streamReadTimeoutMs: number;
  /** The whole of a non-streaming request. */
  nonStreamTimeoutMs: number;
  /** Idle streams get a heartbeat this often. */
  heartbeatMs: number;
  /** A client that does not drain its socket this long is cut off. */
  slowClientTimeoutMs: number;
  /** Longer tool descriptions move into the system prompt; 0 keeps them. */
  toolDescriptionMaxLength: number;
}

export function chatSettingsFrom(config: GatewayConfig): ChatSettings {
  return {
    maxAttempts: config.MAX_RETRIES,
    firstTokenTimeoutMs: config.FIRST_TOKEN_TIMEOUT,
    firstTokenMaxRetries: config.FIRST_TOKEN_MAX_RETRIES,
    baseRetryDelayMs: config.BASE_RETRY_DELAY,
    streamReadTimeoutMs: config.STREAM_READ_TIMEOUT,
    nonStreamTimeoutMs: config.NON_STREAM_TIMEOUT,
    heartbeatMs: config.HEARTBEAT_INTERVAL,
    slowClientTimeoutMs: config.SLOW_CLIENT_TIMEOUT,
    toolDescriptionMaxLength: config.TOOL_DESCRIPTION_MAX_LENGTH,
  };
}
