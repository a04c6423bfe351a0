import type { z } from 'zod';
import type {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from '../anthropic-messages/anthropic-messages-request-schema.ts';
import type {
  anthropicCountTokensResponseSchema,
  anthropicMessagesResponseSchema,
} from '../anthropic-messages/anthropic-messages-response-schemas.ts';
import type { openAiChatRequestSchema } from '../openai-chat/openai-chat-request-schema.ts';
import type {
  openAiChatResponseSchema,
  openAiErrorBodySchema,
} from '../openai-chat/openai-chat-response-schemas.ts';
import type { openAiResponsesRequestSchema } from '../openai-responses/openai-responses-request-schema.ts';

/**
 * One example per operation, typed by the schemas' input types; the document test parses each with
 * the schema the gateway validates with, so an example cannot go stale.
 */
export const openApiExamples = {
  chatRequest: {
    model: 'claude-sonnet-4-5',
    messages: [
      { role: 'system', content: 'You answer in one sentence.' },
      { role: 'user', content: 'What is KiroGate?' },
    ],
    max_tokens: 1024,
    stream: false,
  } satisfies z.input<typeof openAiChatRequestSchema>,
  chatResponse: {
    id: 'chatcmpl-3f1c9a0e5b7d4c2a8e6f1b0d9c8a7e6f',
    object: 'chat.completion',
    created: 1_780_000_000,
    model: 'claude-sonnet-4-5',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'A gateway to Claude.', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 21, completion_tokens: 6, total_tokens: 27 },
  } satisfies z.input<typeof openAiChatResponseSchema>,
  messagesRequest: {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: 'You answer in one sentence.',
    messages: [{ role: 'user', content: 'What is KiroGate?' }],
  } satisfies z.input<typeof anthropicMessagesRequestSchema>,
  messagesResponse: {
    id: 'msg_01a2b3c4d5e6f7a8b9c0d1e2',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'A gateway to Claude.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 21, output_tokens: 6, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  } satisfies z.input<typeof anthropicMessagesResponseSchema>,
  countTokensRequest: {
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'What is KiroGate?' }],
  } satisfies z.input<typeof anthropicCountTokensRequestSchema>,
  countTokensResponse: { input_tokens: 12 } satisfies z.input<typeof anthropicCountTokensResponseSchema>,
  responsesRequest: {
    model: 'claude-sonnet-4-5',
    instructions: 'You answer in one sentence.',
    input: 'What is KiroGate?',
  } satisfies z.input<typeof openAiResponsesRequestSchema>,
  openAiError: {
    error: {
      message: 'Invalid API key',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  } satisfies z.input<typeof openAiErrorBodySchema>,
};
