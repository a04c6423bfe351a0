export { fromOpenAiResponsesRequest, parseOpenAiResponsesRequest } from './from-openai-responses-request.ts';
export { itemReferenceIds, responseIdOfItem } from './item-references.ts';
export type { OpenAiResponsesRequest } from './openai-responses-request-schema.ts';
export {
  type OpenAiResponsesContext,
  type OpenAiResponsesOutputItem,
  type OpenAiResponsesResponse,
  type OpenAiResponsesUsage,
  toOpenAiResponsesResponse,
} from './to-openai-responses-response.ts';
export { toOpenAiResponsesStream } from './to-openai-responses-stream.ts';
