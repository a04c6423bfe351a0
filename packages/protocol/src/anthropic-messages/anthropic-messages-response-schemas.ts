import { z } from 'zod';
import { jsonObjectSchema } from '../shared/json-value.ts';

/**
 * The bodies the gateway answers in Anthropic's format. The converters' return types are inferred
 * from these, so the OpenAPI document and the code that builds the responses cannot drift apart.
 */

export const anthropicStopReasonSchema = z.enum([
  'end_turn',
  'tool_use',
  'max_tokens',
  'refusal',
  'model_context_window_exceeded',
]);

export const anthropicUsageSchema = z.object({
  input_tokens: z.int().nonnegative(),
  output_tokens: z.int().nonnegative(),
  cache_creation_input_tokens: z
    .int()
    .nonnegative()
    .describe("Kiro's `cacheWriteInputTokens`; 0 when Kiro did not report it."),
  cache_read_input_tokens: z
    .int()
    .nonnegative()
    .describe("Kiro's `cacheReadInputTokens`; 0 when Kiro did not report it."),
});

export const anthropicContentBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }),
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: jsonObjectSchema }),
]);

export const anthropicMessagesResponseSchema = z.object({
  id: z.string().describe('`msg_…`'),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: anthropicStopReasonSchema,
  stop_sequence: z.null(),
  usage: anthropicUsageSchema,
});

export const anthropicCountTokensResponseSchema = z.object({ input_tokens: z.int().nonnegative() });

export const anthropicErrorTypeSchema = z.enum([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);

export const anthropicErrorBodySchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: anthropicErrorTypeSchema, message: z.string() }),
});

export const anthropicModelInfoSchema = z.object({
  type: z.literal('model'),
  id: z.string(),
  display_name: z.string(),
  created_at: z.string().describe('RFC 3339'),
});

export const anthropicModelListSchema = z.object({
  data: z.array(anthropicModelInfoSchema),
  has_more: z.literal(false),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
});
