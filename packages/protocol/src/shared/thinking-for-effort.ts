import type { ThinkingConfig } from '../canonical/index.ts';

/** OpenAI's `reasoning_effort` / `reasoning.effort` values, as both OpenAI APIs accept them. */
export type OpenAiReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** An OpenAI reasoning effort as canonical thinking: none is no thinking, the rest adaptive. */
export function thinkingForEffort(
  effort: OpenAiReasoningEffort | null | undefined,
): ThinkingConfig | undefined {
  switch (effort) {
    case undefined:
    case null:
    case 'none':
      return undefined;
    case 'minimal':
    case 'low':
      return { type: 'adaptive', effort: 'low' };
    case 'medium':
      return { type: 'adaptive', effort: 'medium' };
    case 'high':
    case 'xhigh':
    case 'max':
      return { type: 'adaptive', effort: 'high' };
  }
}
