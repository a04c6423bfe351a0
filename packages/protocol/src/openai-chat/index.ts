export { fromOpenAiChatRequest } from './from-openai-chat-request.ts';
export { openAiHeartbeat } from './openai-heartbeat.ts';
export {
  type OpenAiChatContext,
  type OpenAiChatResponse,
  type OpenAiToolCall,
  toOpenAiChatResponse,
} from './to-openai-chat-response.ts';
export { type OpenAiChatStreamContext, toOpenAiChatStream } from './to-openai-chat-stream.ts';
export {
  type OpenAiErrorBody,
  type OpenAiErrorResponse,
  toOpenAiError,
  toOpenAiErrorBody,
} from './to-openai-error.ts';
export { type OpenAiModel, type OpenAiModelList, toOpenAiModelList } from './to-openai-model-list.ts';
export { toOpenAiStreamError } from './to-openai-stream-error.ts';
export type { OpenAiFinishReason, OpenAiUsage } from './to-openai-usage.ts';
