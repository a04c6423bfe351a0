import type { AppError } from '@kirogate/errors';
import type { z } from 'zod';
import type { AssistantPart, CanonicalResponse, FinishReason, Usage } from '../canonical/index.ts';
import { toOpenAiErrorBody } from '../openai-chat/to-openai-error.ts';
import { countTokens } from '../tokens/count-tokens.ts';
import type { OpenAiResponsesRequest } from './openai-responses-request-schema.ts';
import type {
  openAiResponsesOutputItemSchema,
  openAiResponsesResponseSchema,
  openAiResponsesStatusSchema,
  openAiResponsesUsageSchema,
} from './openai-responses-response-schemas.ts';

export interface OpenAiResponsesContext {
  /** `resp_<hex>`; output item ids are derived from it. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** The model name as the client sent it. */
  model: string;
  /** The validated request: the response object echoes its settings. */
  request: OpenAiResponsesRequest;
}

export type OpenAiResponsesStatus = z.infer<typeof openAiResponsesStatusSchema>;
export type OpenAiResponsesOutputItem = z.infer<typeof openAiResponsesOutputItemSchema>;
export type OpenAiResponsesUsage = z.infer<typeof openAiResponsesUsageSchema>;
export type OpenAiResponsesResponse = z.infer<typeof openAiResponsesResponseSchema>;

/** Output item ids share the response's random part: `resp_x` → `msg_x_0`, `fc_x_1`, `rs_x_2`. */
export function outputItemId(responseId: string, kind: 'msg' | 'fc' | 'rs', outputIndex: number): string {
  return `${kind}_${responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

export function toOpenAiResponsesUsage(usage: Usage, reasoningText: string): OpenAiResponsesUsage {
  const reasoningTokens = reasoningText === '' ? 0 : Math.min(usage.outputTokens, countTokens(reasoningText));
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...(usage.credits === undefined ? {} : { credits_used: usage.credits }),
  };
}

export function incompleteDetails(reason: FinishReason): OpenAiResponsesResponse['incomplete_details'] {
  switch (reason) {
    case 'length':
    case 'context-window-exceeded':
      return { reason: 'max_output_tokens' };
    case 'content-filter':
      return { reason: 'content_filter' };
    case 'stop':
    case 'tool-calls':
      return null;
  }
}

/** The response object around `output`, echoing the request's settings. */
export function responseObject(
  ctx: OpenAiResponsesContext,
  state: {
    status: OpenAiResponsesStatus;
    output: OpenAiResponsesOutputItem[];
    usage: OpenAiResponsesUsage | null;
    incompleteDetails?: OpenAiResponsesResponse['incomplete_details'];
    error?: AppError;
  },
): OpenAiResponsesResponse {
  const request = ctx.request;
  const error = state.error ? toOpenAiErrorBody(state.error).error : undefined;
  return {
    id: ctx.id,
    object: 'response',
    created_at: ctx.createdAt,
    status: state.status,
    background: false,
    error: error ? { code: error.code, message: error.message } : null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    model: ctx.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    usage: state.usage,
    user: request.user ?? null,
  };
}

/** Canonical content → output items: thinking → `reasoning`, text → `message`, tool calls → `function_call`. */
export function toOpenAiResponsesOutput(
  responseId: string,
  content: readonly AssistantPart[],
): OpenAiResponsesOutputItem[] {
  return content.map((part, index) => outputItem(responseId, part, index));
}

function outputItem(responseId: string, part: AssistantPart, index: number): OpenAiResponsesOutputItem {
  switch (part.type) {
    case 'thinking':
      return {
        id: outputItemId(responseId, 'rs', index),
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: part.text }],
      };
    case 'text':
      return {
        id: outputItemId(responseId, 'msg', index),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: part.text, annotations: [], logprobs: [] }],
      };
    case 'tool-call':
      return {
        id: outputItemId(responseId, 'fc', index),
        type: 'function_call',
        status: 'completed',
        call_id: part.id,
        name: part.name,
        arguments: JSON.stringify(part.input),
      };
  }
}

/** The non-streaming answer: a `response` object, `incomplete` when the answer was cut. */
export function toOpenAiResponsesResponse(
  response: CanonicalResponse,
  ctx: OpenAiResponsesContext,
): OpenAiResponsesResponse {
  const details = incompleteDetails(response.finishReason);
  const reasoning = response.content.map((part) => (part.type === 'thinking' ? part.text : '')).join('');
  return responseObject(ctx, {
    status: details ? 'incomplete' : 'completed',
    output: toOpenAiResponsesOutput(ctx.id, response.content),
    usage: toOpenAiResponsesUsage(response.usage, reasoning),
    incompleteDetails: details,
  });
}
