import { AppError } from '@kirogate/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromAnthropicCountTokensRequest,
  fromAnthropicMessagesRequest,
} from '../anthropic-messages/from-anthropic-messages-request.ts';
import { fromOpenAiChatRequest } from '../openai-chat/from-openai-chat-request.ts';
import {
  fromOpenAiResponsesRequest,
  parseOpenAiResponsesRequest,
} from '../openai-responses/from-openai-responses-request.ts';

/** Values of every JSON type, with the strings and numbers the schemas care about over-represented. */
const leaf = fc.oneof(
  fc.constantFrom(
    'user',
    'assistant',
    'system',
    'developer',
    'tool',
    'function',
    'text',
    'image',
    'image_url',
    'tool_use',
    'tool_result',
    'thinking',
    'document',
    'base64',
    'url',
    'enabled',
    'auto',
    'any',
    'none',
    'required',
    'image/png',
    'data:image/png;base64,AAAA',
    'message',
    'input_text',
    'input_image',
    'output_text',
    'function_call',
    'function_call_output',
    'item_reference',
    'reasoning',
    '',
    0,
    -1,
    1,
    1024,
    2.5,
    Number.MAX_SAFE_INTEGER,
    null,
    true,
  ),
  fc.string({ maxLength: 20 }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'type',
        'role',
        'content',
        'text',
        'name',
        'id',
        'input',
        'source',
        'media_type',
        'data',
        'url',
        'image_url',
        'tool_calls',
        'function',
        'arguments',
        'tool_use_id',
        'tool_call_id',
        'parameters',
        'input_schema',
        'budget_tokens',
        'thinking',
        'call_id',
        'output',
        'effort',
      ),
      tie('json'),
      { maxKeys: 4 },
    ),
  ),
}));

const openAiBody = fc.record(
  {
    model: fc.oneof(fc.constant('claude-sonnet-4.5'), json),
    messages: fc.oneof(fc.array(json, { maxLength: 4 }), json),
    tools: json,
    tool_choice: json,
    max_tokens: json,
    temperature: json,
    stop: json,
    stream: json,
    stream_options: json,
    n: json,
  },
  { requiredKeys: ['model', 'messages'] },
);
const anthropicBody = fc.record(
  {
    model: fc.oneof(fc.constant('claude-sonnet-4.5'), json),
    max_tokens: fc.oneof(fc.constant(1024), json),
    messages: fc.oneof(fc.array(json, { maxLength: 4 }), json),
    system: json,
    tools: json,
    tool_choice: json,
    thinking: json,
    temperature: json,
    stop_sequences: json,
    stream: json,
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

const responsesBody = fc.record(
  {
    model: fc.oneof(fc.constant('claude-sonnet-4.5'), json),
    input: fc.oneof(fc.string({ maxLength: 20 }), fc.array(json, { maxLength: 4 }), json),
    instructions: json,
    tools: json,
    tool_choice: json,
    max_output_tokens: json,
    reasoning: json,
    text: json,
    stream: json,
    store: json,
    previous_response_id: json,
  },
  { requiredKeys: ['model', 'input'] },
);
/** The Responses request as the gateway reads it: wire schema, then canonical, without stored history. */
const fromResponsesBody = (body: unknown) =>
  fromOpenAiResponsesRequest(parseOpenAiResponsesRequest(body), [], new Map());

/** Either a value or an INVALID_REQUEST with a short message naming a field: nothing else escapes. */
function expectParsedOrInvalid(parse: (body: unknown) => unknown, body: unknown): void {
  try {
    parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('INVALID_REQUEST');
    expect(appError.message.length).toBeLessThan(400);
    if (appError.details.param !== undefined)
      expect(appError.message.startsWith(appError.details.param)).toBe(true);
  }
}

describe('request schemas (properties)', () => {
  const parsers = {
    'OpenAI chat': { parse: fromOpenAiChatRequest, body: openAiBody },
    'Anthropic messages': { parse: fromAnthropicMessagesRequest, body: anthropicBody },
    'Anthropic count_tokens': { parse: fromAnthropicCountTokensRequest, body: anthropicBody },
    'OpenAI responses': { parse: fromResponsesBody, body: responsesBody },
  };
  for (const [name, { parse, body }] of Object.entries(parsers)) {
    it(`${name}: any JSON body is converted or refused with INVALID_REQUEST`, () => {
      fc.assert(
        fc.property(fc.oneof(json, body), (value) => expectParsedOrInvalid(parse, value)),
        { numRuns: 1_000 },
      );
    });
  }
});
