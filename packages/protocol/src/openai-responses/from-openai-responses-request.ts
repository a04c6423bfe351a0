import { AppError } from '@kirogate/errors';
import type {
  CanonicalRequest,
  JsonObject,
  Message,
  ToolChoice,
  ToolDefinition,
} from '../canonical/index.ts';
import { invalidRequestFromZod } from '../shared/invalid-request-from-zod.ts';
import { thinkingForEffort } from '../shared/thinking-for-effort.ts';
import { fromOpenAiResponsesInput } from './from-openai-responses-input.ts';
import {
  functionToolSchema,
  type OpenAiResponsesRequest,
  openAiResponsesRequestSchema,
} from './openai-responses-request-schema.ts';
import type { OpenAiResponsesOutputItem } from './to-openai-responses-response.ts';

const emptySchema: JsonObject = { type: 'object', properties: {} };

/** Validates a Responses API body; bad input throws INVALID_REQUEST naming the field. */
export function parseOpenAiResponsesRequest(body: unknown): OpenAiResponsesRequest {
  const parsed = openAiResponsesRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequestFromZod(parsed.error, body);
  const request = parsed.data;
  if (request.background) {
    throw new AppError('INVALID_REQUEST', 'background: background responses are not supported', {
      param: 'background',
    });
  }
  return request;
}

function tools(request: OpenAiResponsesRequest): ToolDefinition[] {
  return (request.tools ?? []).map((tool, index) => {
    const at = `tools[${index}]`;
    if (tool.type !== 'function') {
      throw new AppError(
        'INVALID_REQUEST',
        `${at}.type: ${JSON.stringify(tool.type.slice(0, 40))} tools are not supported; only "function" tools are`,
        { param: `${at}.type` },
      );
    }
    const parsed = functionToolSchema.safeParse(tool);
    if (!parsed.success) throw invalidRequestFromZod(parsed.error, tool, at);
    const fn = parsed.data;
    return { name: fn.name, description: fn.description ?? '', inputSchema: fn.parameters ?? emptySchema };
  });
}

function toolChoice(choice: OpenAiResponsesRequest['tool_choice']): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.name };
}

/** What Kiro cannot be told directly is asked for in the system prompt. */
function guidance(request: OpenAiResponsesRequest): string[] {
  const out: string[] = [];
  const format = request.text?.format;
  if (format?.type === 'json_object') {
    out.push('Respond with one valid JSON object only: no prose, no code fences.');
  } else if (format?.type === 'json_schema') {
    const name = format.name ? ` "${format.name}"` : '';
    out.push(
      `Respond with one JSON value only, no prose and no code fences, that validates against the JSON schema${name}: ${JSON.stringify(format.schema)}`,
    );
  }
  if (request.parallel_tool_calls === false && (request.tools?.length ?? 0) > 0) {
    out.push('Call at most one tool per response.');
  }
  return out;
}

/**
 * A validated Responses request → canonical. `history` holds the turns of the response named by
 * `previous_response_id` (its input and output); its instructions are not carried over, as in OpenAI's
 * API. `referenced` holds the stored output items that `item_reference` inputs name.
 */
export function fromOpenAiResponsesRequest(
  request: OpenAiResponsesRequest,
  history: readonly Message[] = [],
  referenced?: ReadonlyMap<string, OpenAiResponsesOutputItem>,
): CanonicalRequest {
  const { system, messages } = fromOpenAiResponsesInput(request.input, history, referenced);
  const all = [...history, ...messages];
  if (!all.some((message) => message.role === 'user')) {
    throw new AppError('INVALID_REQUEST', 'input: expected at least one user message or function output', {
      param: 'input',
    });
  }
  const userId = request.prompt_cache_key ?? request.user ?? undefined;
  return {
    model: request.model,
    system: [...(request.instructions ? [request.instructions] : []), ...system, ...guidance(request)],
    messages: all,
    tools: tools(request),
    toolChoice: toolChoice(request.tool_choice),
    thinking: thinkingForEffort(request.reasoning?.effort),
    maxTokens: request.max_output_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stream: request.stream ?? false,
    metadata: userId ? { userId } : {},
  };
}
