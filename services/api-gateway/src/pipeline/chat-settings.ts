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
  /** Extra upstream calls after Kiro cut a tool call's input (`recoverTruncatedToolCalls`). */
  toolCallContinuations: number;
  /** Kiro model ids (`prefix*` allowed) that think natively and get no thinking tags. */
  nativeThinkingModels: readonly string[];
  /** Kiro bodies above this are answered "prompt is too long" before the upstream call; 0 = off. */
  kiroMaxPayloadBytes: number;
  /** Timeouts of slow (opus) models are multiplied by this (`settingsForModel`). */
  slowModelTimeoutMultiplier: number;
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
    toolCallContinuations: config.TOOL_CALL_CONTINUATIONS,
    nativeThinkingModels: config.NATIVE_THINKING_MODELS,
    kiroMaxPayloadBytes: config.KIRO_MAX_PAYLOAD_BYTES,
    slowModelTimeoutMultiplier: config.SLOW_MODEL_TIMEOUT_MULTIPLIER,
  };
}
