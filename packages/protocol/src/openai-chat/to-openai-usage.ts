import type { z } from 'zod';
import type { FinishReason, Usage } from '../canonical/index.ts';
import type { openAiFinishReasonSchema, openAiUsageSchema } from './openai-chat-response-schemas.ts';

export type OpenAiFinishReason = z.infer<typeof openAiFinishReasonSchema>;
export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;

export function toOpenAiUsage(usage: Usage): OpenAiUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...((usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined) && {
      prompt_tokens_details: { cached_tokens: usage.cacheReadInputTokens ?? 0 },
    }),
    ...(usage.credits === undefined ? {} : { credits_used: usage.credits }),
  };
}

export function toOpenAiFinishReason(reason: FinishReason): OpenAiFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'tool-calls':
      return 'tool_calls';
    case 'length':
    // OpenAI has no reason of its own for a full context window; the answer was cut for length.
    case 'context-window-exceeded':
      return 'length';
    case 'content-filter':
      return 'content_filter';
  }
}
