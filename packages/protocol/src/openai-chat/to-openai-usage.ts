import type { FinishReason, Usage } from '../canonical/index.ts';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Prompt tokens served from Kiro's prompt cache; present only when Kiro reported its cache use. */
  prompt_tokens_details?: { cached_tokens: number };
  /** Kiro credits charged for the request; not part of OpenAI's schema, ignored by its SDK. */
  credits_used?: number;
}

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
