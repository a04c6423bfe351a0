import type { FinishReason } from '../canonical/index.ts';

export type AnthropicStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  /** Kiro has no prompt cache: always 0, present because clients sum these fields. */
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function toAnthropicUsage(inputTokens: number, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
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
