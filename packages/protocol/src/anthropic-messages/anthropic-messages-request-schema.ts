import { z } from 'zod';
import { jsonObjectSchema as jsonObject } from '../shared/json-value.ts';

/** Anthropic's documented rule for custom tool names: `^[a-zA-Z0-9_-]{1,64}$`. */
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
  error: 'expected 1 to 64 letters, digits, underscores or dashes',
});

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageSource = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string(),
  }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
]);
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });

const documentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
  z.looseObject({
    type: z.literal('content'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))], {
      error: 'expected string or array of text and image blocks',
    }),
  }),
]);
const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: documentSource,
  title: z.string().nullish(),
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock]))], {
      error: 'expected string or array of content blocks',
    })
    .optional(),
  is_error: z.boolean().nullish(),
});

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: jsonObject,
});
const thinkingBlock = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const textContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock]))], {
  error: 'expected string or array of text blocks',
});

const message = z.discriminatedUnion('role', [
  z.looseObject({
    role: z.literal('user'),
    content: z.union(
      [
        z.string(),
        z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock, toolResultBlock])),
      ],
      { error: 'expected string or array of content blocks' },
    ),
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union(
      [
        z.string(),
        z.array(
          z.discriminatedUnion('type', [textBlock, toolUseBlock, thinkingBlock, redactedThinkingBlock]),
        ),
      ],
      { error: 'expected string or array of content blocks' },
    ),
  }),
  // Claude Code puts instructions mid-conversation as `role: "system"` entries.
  z.looseObject({ role: z.literal('system'), content: textContent }),
]);

/**
 * Custom tools have an `input_schema`; Anthropic's server and built-in tools (`web_search_20250305`,
 * `bash_20250124`, …) have a versioned `type` and no schema we could forward: they parse to
 * `{ builtin }`, which the conversion refuses with an error naming the tool.
 */
const tool = z.union(
  [
    z
      .looseObject({
        type: z.literal('custom').nullish(),
        name: toolName,
        description: z.string().nullish(),
        input_schema: jsonObject,
      })
      .transform(({ name, description, input_schema }) => ({ name, description, input_schema })),
    z
      .looseObject({
        type: z.string().regex(/_\d{8}$/, 'expected a versioned built-in tool type'),
        name: z.string(),
      })
      .transform(({ type, name }) => ({ builtin: type, name })),
  ],
  { error: 'expected a custom tool with input_schema or a built-in tool' },
);

const disableParallelToolUse = z.boolean().nullish();
const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: disableParallelToolUse }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: disableParallelToolUse }),
  z.looseObject({
    type: z.literal('tool'),
    name: z.string(),
    disable_parallel_tool_use: disableParallelToolUse,
  }),
  z.looseObject({ type: z.literal('none') }),
]);

const thinkingDisplay = z.enum(['summarized', 'omitted']).nullish();
const thinking = z.discriminatedUnion('type', [
  // Documented: at least 1,024 and below max_tokens (checked with max_tokens below).
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1024), display: thinkingDisplay }),
  z.looseObject({ type: z.literal('adaptive'), display: thinkingDisplay }),
  z.looseObject({ type: z.literal('disabled') }),
]);

const countTokensShape = {
  model: z.string().min(1),
  messages: z.array(message).min(1),
  system: textContent.nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  thinking: thinking.nullish(),
  output_config: z
    .looseObject({ effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish() })
    .nullish(),
};

export const anthropicCountTokensRequestSchema = z.looseObject(countTokensShape);

export const anthropicMessagesRequestSchema = z
  .looseObject({
    ...countTokensShape,
    max_tokens: z.int().positive(),
    temperature: z.number().min(0).max(1).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    top_k: z.int().nonnegative().nullish(),
    stop_sequences: z.array(z.string()).nullish(),
    metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
    stream: z.boolean().nullish(),
  })
  .superRefine((request, ctx) => {
    if (request.thinking?.type === 'enabled' && request.thinking.budget_tokens >= request.max_tokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['thinking', 'budget_tokens'],
        message: 'must be less than max_tokens',
      });
    }
  });

export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
export type AnthropicMessage = AnthropicCountTokensRequest['messages'][number];
