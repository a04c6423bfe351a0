import type { z } from 'zod';
import type { CanonicalResponse } from '../canonical/index.ts';
import type {
  anthropicContentBlockSchema,
  anthropicMessagesResponseSchema,
} from './anthropic-messages-response-schemas.ts';
import { toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-usage.ts';

export interface AnthropicMessagesContext {
  /** `msg_…` */
  id: string;
  /** The request's `thinking.display`: `omitted` keeps thinking blocks but drops their text. */
  thinkingDisplay?: 'summarized' | 'omitted';
}

export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;
export type AnthropicMessagesResponse = z.infer<typeof anthropicMessagesResponseSchema>;

export function toAnthropicMessagesResponse(
  response: CanonicalResponse,
  ctx: AnthropicMessagesContext,
): AnthropicMessagesResponse {
  const content: AnthropicContentBlock[] = [];
  for (const part of response.content) {
    if (part.type === 'thinking' && part.redacted !== undefined) {
      content.push({ type: 'redacted_thinking', data: part.redacted });
    } else if (part.type === 'thinking') {
      const thinking = ctx.thinkingDisplay === 'omitted' ? '' : part.text;
      content.push({ type: 'thinking', thinking, signature: part.signature ?? '' });
    } else if (part.type === 'text') {
      if (part.text !== '') content.push({ type: 'text', text: part.text });
    } else {
      content.push({ type: 'tool_use', id: part.id, name: part.name, input: part.input });
    }
  }
  return {
    id: ctx.id,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: toAnthropicStopReason(response.finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage.inputTokens, response.usage.outputTokens, response.usage),
  };
}
