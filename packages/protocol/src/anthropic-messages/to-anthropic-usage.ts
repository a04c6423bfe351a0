import type { FinishReason, Usage } from '../canonical/index.ts';

export type AnthropicStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  /** Kiro's `cacheWriteInputTokens` / `cacheReadInputTokens`; 0 when Kiro did not report them. */
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function toAnthropicUsage(
  inputTokens: number,
  outputTokens: number,
  cache: Pick<Usage, 'cacheReadInputTokens' | 'cacheWriteInputTokens'> = {},
): AnthropicUsage {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: cache.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: cache.cacheReadInputTokens ?? 0,
  };
}

export function toAnthropicStopReason(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'tool-calls':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'refusal';
    case 'context-window-exceeded':
      return 'model_context_window_exceeded';
  }
}
