import { AppError } from '@kirogate/errors';
import type { CanonicalRequest, ThinkingConfig, ToolChoice } from '../canonical/index.ts';
import { invalidRequestFromZod } from '../shared/invalid-request-from-zod.ts';
import {
  type AnthropicCountTokensRequest,
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from './anthropic-messages-request-schema.ts';
import { fromAnthropicText } from './from-anthropic-content.ts';
import { fromAnthropicMessages } from './from-anthropic-messages.ts';

function toolChoice(choice: AnthropicCountTokensRequest['tool_choice']): ToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'none':
      return { type: 'none' };
    case 'tool':
      return { type: 'tool', name: choice.name };
  }
}

function effort(request: AnthropicCountTokensRequest): 'low' | 'medium' | 'high' {
  switch (request.output_config?.effort) {
    case 'low':
      return 'low';
    case 'medium':
      return 'medium';
    // Anthropic's default effort is high; the levels above it have no canonical counterpart.
    case 'high':
    case 'xhigh':
    case 'max':
    case undefined:
    case null:
      return 'high';
  }
}

function thinking(request: AnthropicCountTokensRequest): ThinkingConfig | undefined {
  const config = request.thinking;
  if (!config || config.type === 'disabled') return undefined;
  const display = config.display ? { display: config.display } : {};
  if (config.type === 'enabled') return { type: 'enabled', budgetTokens: config.budget_tokens, ...display };
  return { type: 'adaptive', effort: effort(request), ...display };
}

/** What `/v1/messages` and `/v1/messages/count_tokens` share. */
function fromCommon(request: AnthropicCountTokensRequest): CanonicalRequest {
  return {
    model: request.model,
    system: request.system ? fromAnthropicText(request.system).map((part) => part.text) : [],
    messages: fromAnthropicMessages(request.messages),
    tools: (request.tools ?? []).map((tool, index) => {
      if ('builtin' in tool) {
        throw new AppError(
          'INVALID_REQUEST',
          `tools[${index}]: the built-in tool "${tool.name}" (${tool.builtin}) cannot be served: Kiro runs ` +
            'no Anthropic server or built-in tools. Declare it as a custom tool with an input_schema, or leave it out.',
          { param: `tools[${index}]` },
        );
      }
      return { name: tool.name, description: tool.description ?? '', inputSchema: tool.input_schema };
    }),
    toolChoice: toolChoice(request.tool_choice),
    thinking: thinking(request),
    stream: false,
    metadata: {},
  };
}

/** Validates an Anthropic Messages body and converts it; bad input throws INVALID_REQUEST. */
export function fromAnthropicMessagesRequest(body: unknown): CanonicalRequest {
  const parsed = anthropicMessagesRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequestFromZod(parsed.error, body);
  const request = parsed.data;
  return {
    ...fromCommon(request),
    maxTokens: request.max_tokens,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stopSequences: request.stop_sequences ?? undefined,
    stream: request.stream ?? false,
    metadata: request.metadata?.user_id ? { userId: request.metadata.user_id } : {},
  };
}

/** `/v1/messages/count_tokens`: the same body without `max_tokens`; counted as a non-streaming request. */
export function fromAnthropicCountTokensRequest(body: unknown): CanonicalRequest {
  const parsed = anthropicCountTokensRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequestFromZod(parsed.error, body);
  return fromCommon(parsed.data);
}
