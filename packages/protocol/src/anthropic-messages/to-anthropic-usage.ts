import type { z } from 'zod';
import type { FinishReason, Usage } from '../canonical/index.ts';
import type {
  anthropicStopReasonSchema,
  anthropicUsageSchema,
} from './anthropic-messages-response-schemas.ts';

export type AnthropicStopReason = z.infer<typeof anthropicStopReasonSchema>;
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

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
