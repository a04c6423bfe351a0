import type { JsonObject, ToolChoice, ToolDefinition } from '../canonical/index.ts';
import type { OpenAiChatRequest } from './openai-chat-request-schema.ts';

type FunctionShape = {
  name: string;
  description?: string | null;
  parameters?: JsonObject | null;
  input_schema?: JsonObject | null;
};

const emptySchema: JsonObject = { type: 'object', properties: {} };

function toolDefinition(fn: FunctionShape): ToolDefinition {
  return {
    name: fn.name,
    description: fn.description ?? '',
    inputSchema: fn.parameters ?? fn.input_schema ?? emptySchema,
  };
}

/** `tools` followed by the legacy `functions`. */
export function fromOpenAiChatTools(request: OpenAiChatRequest): ToolDefinition[] {
  return [...(request.tools ?? []), ...(request.functions ?? [])].map(toolDefinition);
}

export function fromOpenAiChatToolChoice(request: OpenAiChatRequest): ToolChoice | undefined {
  const choice = request.tool_choice ?? request.function_call;
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.name };
}
