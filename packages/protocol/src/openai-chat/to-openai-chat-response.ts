import type { z } from 'zod';
import type { CanonicalResponse } from '../canonical/index.ts';
import type { openAiChatResponseSchema, openAiToolCallSchema } from './openai-chat-response-schemas.ts';
import { toOpenAiFinishReason, toOpenAiUsage } from './to-openai-usage.ts';

/** Identity of one completion; ids and clocks come from the caller so conversion stays pure. */
export interface OpenAiChatContext {
  /** `chatcmpl-…` */
  id: string;
  /** Unix seconds. */
  created: number;
}

export type OpenAiToolCall = z.infer<typeof openAiToolCallSchema>;
export type OpenAiChatResponse = z.infer<typeof openAiChatResponseSchema>;

export function toOpenAiChatResponse(
  response: CanonicalResponse,
  ctx: OpenAiChatContext,
): OpenAiChatResponse {
  let content = '';
  let reasoning = '';
  const toolCalls: OpenAiToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'thinking') reasoning += part.text;
    else
      toolCalls.push({
        id: part.id,
        type: 'function',
        function: { name: part.name, arguments: JSON.stringify(part.input) },
      });
  }
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: null,
          ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
          ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
        },
        logprobs: null,
        finish_reason: toOpenAiFinishReason(response.finishReason),
      },
    ],
    usage: toOpenAiUsage(response.usage),
  };
}
