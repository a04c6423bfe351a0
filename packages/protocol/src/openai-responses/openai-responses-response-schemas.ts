import { z } from 'zod';

/**
 * The response object of `/v1/responses`. The converter's types are inferred from it, so the OpenAPI
 * document and the code that builds the object cannot drift apart.
 */

export const openAiResponsesStatusSchema = z.enum(['in_progress', 'completed', 'incomplete', 'failed']);

const itemStatus = z.enum(['in_progress', 'completed']);

export const openAiResponsesOutputItemSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string(),
    type: z.literal('message'),
    status: itemStatus,
    role: z.literal('assistant'),
    content: z.array(
      z.object({
        type: z.literal('output_text'),
        text: z.string(),
        annotations: z.tuple([]),
        logprobs: z.tuple([]),
      }),
    ),
  }),
  z.object({
    id: z.string(),
    type: z.literal('reasoning'),
    status: itemStatus.optional(),
    summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })),
  }),
  z.object({
    id: z.string(),
    type: z.literal('function_call'),
    status: itemStatus,
    call_id: z.string(),
    name: z.string(),
    arguments: z.string().describe('The arguments as a JSON string.'),
  }),
]);

export const openAiResponsesUsageSchema = z.object({
  input_tokens: z.int().nonnegative(),
  input_tokens_details: z.object({ cached_tokens: z.int().nonnegative() }),
  output_tokens: z.int().nonnegative(),
  output_tokens_details: z.object({ reasoning_tokens: z.int().nonnegative() }),
  total_tokens: z.int().nonnegative(),
  credits_used: z
    .number()
    .optional()
    .describe("Kiro credits charged; not part of OpenAI's schema, ignored by its SDKs."),
});

export const openAiResponsesResponseSchema = z.object({
  id: z.string().describe('`resp_…`'),
  object: z.literal('response'),
  created_at: z.int().describe('Unix seconds.'),
  status: openAiResponsesStatusSchema,
  background: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  incomplete_details: z.object({ reason: z.enum(['max_output_tokens', 'content_filter']) }).nullable(),
  instructions: z.string().nullable(),
  max_output_tokens: z.int().nullable(),
  metadata: z.record(z.string(), z.string()),
  model: z.string(),
  output: z.array(openAiResponsesOutputItemSchema),
  parallel_tool_calls: z.boolean(),
  previous_response_id: z.string().nullable(),
  reasoning: z.object({ effort: z.string().nullable(), summary: z.string().nullable() }),
  store: z.boolean(),
  temperature: z.number(),
  text: z.object({ format: z.unknown() }),
  tool_choice: z.unknown(),
  tools: z.array(z.unknown()),
  top_p: z.number(),
  truncation: z.literal('disabled'),
  usage: openAiResponsesUsageSchema.nullable(),
  user: z.string().nullable(),
});
