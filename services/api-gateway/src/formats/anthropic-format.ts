import {
  anthropicHeartbeat,
  fromAnthropicMessagesRequest,
  toAnthropicError,
  toAnthropicMessagesResponse,
  toAnthropicMessagesStream,
} from '@kirogate/protocol';
import { randomHex } from '../http/random-hex.ts';
import type { FormatAdapter } from './format-adapter.ts';

export const anthropicFormat: FormatAdapter = {
  api: 'anthropic',
  parseRequest: fromAnthropicMessagesRequest,
  renderError: toAnthropicError,
  renderResponse: (response, context) =>
    toAnthropicMessagesResponse(response, {
      id: context.id,
      ...(context.request.thinking?.display ? { thinkingDisplay: context.request.thinking.display } : {}),
    }),
  renderStream: (batches, context) =>
    toAnthropicMessagesStream(batches, {
      id: context.id,
      model: context.model,
      inputTokens: context.inputTokens,
      ...(context.request.thinking?.display ? { thinkingDisplay: context.request.thinking.display } : {}),
    }),
  heartbeat: anthropicHeartbeat(),
  newResponseId: () => `msg_${randomHex(24)}`,
};
