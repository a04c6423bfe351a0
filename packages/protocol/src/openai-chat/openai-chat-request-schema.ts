import { z } from 'zod';
import { jsonObjectSchema as jsonObject } from '../shared/json-value.ts';

/** OpenAI's documented rule for function names: a-z, A-Z, 0-9, underscores and dashes, at most 64. */
const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
  error: 'expected 1 to 64 letters, digits, underscores or dashes',
});
const penalty = z.number().min(-2).max(2);

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imageUrlPart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string() }),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart]))], {
  error: 'expected string or array of text parts',
});
/** User content; tool results take the same parts because MCP tools return screenshots. */
const mediaContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imageUrlPart]))], {
  error: 'expected string or array of content parts',
});
const assistantContent = z.union(
  [z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))],
  { error: 'expected string, array of content parts or null' },
);

const functionCall = z.looseObject({ name: z.string(), arguments: z.string() });
const toolCall = z.looseObject({ id: z.string(), type: z.literal('function'), function: functionCall });

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent }),
  z.looseObject({ role: z.literal('developer'), content: textContent }),
  z.looseObject({ role: z.literal('user'), content: mediaContent }),
  z.looseObject({
    role: z.literal('assistant'),
    content: assistantContent.nullish(),
    tool_calls: z.array(toolCall).nullish(),
    function_call: functionCall.nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: mediaContent }),
  z.looseObject({ role: z.literal('function'), name: z.string(), content: z.string().nullable() }),
]);

const functionDefinition = z.looseObject({
  name: functionName,
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
});

/** Cursor and a few other clients send tools without the `{type, function}` wrapper. */
const flatTool = z.looseObject({
  name: functionName,
  description: z.string().nullish(),
  input_schema: jsonObject.nullish(),
  parameters: jsonObject.nullish(),
});

const tool = z.union(
  [
    z
      .looseObject({ type: z.literal('function'), function: functionDefinition })
      .transform((tool) => tool.function),
    flatTool,
  ],
  {
    error: 'expected a function tool',
  },
);

const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z
      .looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) })
      .transform((choice) => ({ name: choice.function.name })),
  ],
  { error: "expected 'none', 'auto', 'required' or a named function" },
);

const functionCallChoice = z.union([z.enum(['none', 'auto']), z.looseObject({ name: z.string() })], {
  error: "expected 'none', 'auto' or a named function",
});

/** Tool shapes and named choices are normalised while parsing, so conversion sees one shape each. */
export const openAiChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  functions: z.array(functionDefinition).nullish(),
  function_call: functionCallChoice.nullish(),
  max_tokens: z.int().positive().nullish(),
  max_completion_tokens: z.int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)], { error: 'expected string or up to 4 strings' })
    .nullish(),
  presence_penalty: penalty.nullish(),
  frequency_penalty: penalty.nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  seed: z.int().nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().max(1024).nullish(),
  n: z.int().positive().nullish(),
});

export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;
export type OpenAiChatMessage = OpenAiChatRequest['messages'][number];
