import {
  fromOpenAiChatRequest,
  openAiHeartbeat,
  toOpenAiChatResponse,
  toOpenAiChatStream,
  toOpenAiError,
} from '@kirogate/protocol';
import { randomHex } from '../http/random-hex.ts';
import type { FormatAdapter } from './format-adapter.ts';

export const openAiFormat: FormatAdapter = {
  api: 'openai',
  parseRequest: fromOpenAiChatRequest,
  renderError: toOpenAiError,
  renderResponse: (response, context) =>
    toOpenAiChatResponse(response, { id: context.id, created: context.created }),
  renderStream: (batches, context) =>
    toOpenAiChatStream(batches, {
      id: context.id,
      created: context.created,
      model: context.model,
      includeUsage: context.request.includeUsage ?? false,
    }),
  heartbeat: openAiHeartbeat(),
  newResponseId: () => `chatcmpl-${randomHex(32)}`,
};
