export { anthropicHeartbeat } from './anthropic-heartbeat.ts';
export {
  fromAnthropicCountTokensRequest,
  fromAnthropicMessagesRequest,
} from './from-anthropic-messages-request.ts';
export {
  type AnthropicErrorBody,
  type AnthropicErrorResponse,
  type AnthropicErrorType,
  toAnthropicError,
  toAnthropicErrorBody,
} from './to-anthropic-error.ts';
export {
  type AnthropicContentBlock,
  type AnthropicMessagesContext,
  type AnthropicMessagesResponse,
  toAnthropicMessagesResponse,
} from './to-anthropic-messages-response.ts';
export {
  type AnthropicMessagesStreamContext,
  toAnthropicMessagesStream,
} from './to-anthropic-messages-stream.ts';
export {
  type AnthropicModelInfo,
  type AnthropicModelList,
  type ListedModel,
  toAnthropicModelList,
} from './to-anthropic-model-list.ts';
export { toAnthropicStreamError } from './to-anthropic-stream-error.ts';
export type { AnthropicStopReason, AnthropicUsage } from './to-anthropic-usage.ts';
