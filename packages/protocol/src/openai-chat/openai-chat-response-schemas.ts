import { z } from 'zod';

/**
 * The bodies the gateway answers in OpenAI's format. The converters' return types are inferred from
 * these, so the OpenAPI document and the code that builds the responses cannot drift apart.
 */

export const openAiFinishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter']);

export const openAiUsageSchema = z.object({
  prompt_tokens: z.int().nonnegative(),
  completion_tokens: z.int().nonnegative(),
  total_tokens: z.int().nonnegative(),
  prompt_tokens_details: z
    .object({ cached_tokens: z.int().nonnegative() })
    .optional()
    .describe(
      "Prompt tokens served from Kiro's prompt cache; present only when Kiro reported its cache use.",
    ),
  credits_used: z
    .number()
    .optional()
    .describe("Kiro credits charged for the request; not part of OpenAI's schema, ignored by its SDK."),
});

export const openAiToolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string().describe('The arguments as a JSON string.') }),
});

export const openAiChatResponseSchema = z.object({
  id: z.string().describe('`chatcmpl-…`'),
  object: z.literal('chat.completion'),
  created: z.int().describe('Unix seconds.'),
  model: z.string(),
  choices: z.tuple([
    z.object({
      index: z.literal(0),
      message: z.object({
        role: z.literal('assistant'),
        content: z.string(),
        refusal: z.null(),
        reasoning_content: z.string().optional().describe('The model’s thinking, when it thought.'),
        tool_calls: z.array(openAiToolCallSchema).optional(),
      }),
      logprobs: z.null(),
      finish_reason: openAiFinishReasonSchema,
    }),
  ]),
  usage: openAiUsageSchema,
});

export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().describe('`invalid_request_error`, `requests`, `insufficient_quota` or `server_error`.'),
    param: z.string().nullable().describe('The request field at fault, when there is one.'),
    code: z.string().describe('Stable snake_case code, e.g. `invalid_api_key`, `model_not_found`.'),
  }),
});

export const openAiModelSchema = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.int().describe('Unix seconds.'),
  owned_by: z.string(),
});

export const openAiModelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(openAiModelSchema),
});
