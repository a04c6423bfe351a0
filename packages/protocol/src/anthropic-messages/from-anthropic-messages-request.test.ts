import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { golden } from '../shared/stream-test-kit.ts';
import {
  fromAnthropicCountTokensRequest,
  fromAnthropicMessagesRequest,
} from './from-anthropic-messages-request.ts';

const dir = fileURLToPath(new URL('../../testdata/anthropic-messages/requests/', import.meta.url));
const requests = readdirSync(dir)
  .filter((file) => file.endsWith('.request.json'))
  .map((file) => file.slice(0, -'.request.json'.length));
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, `${name}.request.json`), 'utf8'));

const user = { role: 'user', content: 'hi' };
const base = { model: 'm', max_tokens: 100, messages: [user] };

function invalid(body: unknown, parse = fromAnthropicMessagesRequest): AppError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('fromAnthropicMessagesRequest', () => {
  it.each(requests)('converts %s to the golden canonical request', (name) => {
    const canonical = `${JSON.stringify(fromAnthropicMessagesRequest(load(name)), null, 2)}\n`;
    const { actual, expected } = golden(join(dir, `${name}.golden.json`), canonical);
    expect(actual).toBe(expected);
  });

  it('keeps what Claude Code relies on: omitted thinking, system entries as user context, the long Bash tool', () => {
    const request = fromAnthropicMessagesRequest(load('claude-code'));
    expect(request.thinking).toEqual({ type: 'enabled', budgetTokens: 31999, display: 'omitted' });
    expect(request.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'user',
      'assistant',
      'user',
    ]);
    const systemEntry = request.messages[3];
    expect(systemEntry?.content.map((part) => part.type)).toEqual(['text']);
    expect(request.tools.map((tool) => tool.name)).toEqual(['Bash', 'Read']);
    expect(request.tools[0]?.description.length).toBeGreaterThan(10_000);
    expect(request.metadata.userId).toMatch(/^user_.*_session_/);
    expect(JSON.stringify(request)).not.toContain('cache_control');
  });

  it.each([
    [{ effort: 'low' }, 'low'],
    [{ effort: 'medium' }, 'medium'],
    [{ effort: 'max' }, 'high'],
    [undefined, 'high'],
  ])('maps adaptive thinking with output_config %j to effort %s', (outputConfig, effort) => {
    const request = fromAnthropicMessagesRequest({
      ...base,
      thinking: { type: 'adaptive' },
      output_config: outputConfig,
    });
    expect(request.thinking).toEqual({ type: 'adaptive', effort });
  });

  it('refuses built-in server tools with an error naming the tool', () => {
    for (const parse of [fromAnthropicMessagesRequest, fromAnthropicCountTokensRequest]) {
      let caught: unknown;
      try {
        parse({
          model: 'claude-sonnet-4-5',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'hi' }],
          tools: [
            { name: 'ok', input_schema: { type: 'object' } },
            { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
          ],
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('INVALID_REQUEST');
      expect((caught as AppError).message).toContain(
        'tools[1]: the built-in tool "web_search" (web_search_20250305)',
      );
      expect((caught as AppError).details.param).toBe('tools[1]');
    }
  });

  it('treats disabled thinking as no thinking and maps every tool_choice', () => {
    expect(
      fromAnthropicMessagesRequest({ ...base, thinking: { type: 'disabled' } }).thinking,
    ).toBeUndefined();
    const choice = (tool_choice: unknown) =>
      fromAnthropicMessagesRequest({ ...base, tool_choice }).toolChoice;
    expect(choice({ type: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ type: 'any' })).toEqual({ type: 'required' });
    expect(choice({ type: 'none' })).toEqual({ type: 'none' });
    expect(choice({ type: 'tool', name: 'Bash' })).toEqual({ type: 'tool', name: 'Bash' });
  });

  it.each([
    ['a missing max_tokens', { model: 'm', messages: [user] }, 'max_tokens: required', 'max_tokens'],
    [
      'a non-integer max_tokens',
      { ...base, max_tokens: 1.5 },
      'max_tokens: expected int, received number',
      'max_tokens',
    ],
    [
      'content of the wrong type',
      { ...base, messages: [user, { role: 'assistant', content: 5 }] },
      'messages[1].content: expected string or array of content blocks',
      'messages[1].content',
    ],
    [
      'a block type not allowed in user turns',
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 'f', input: {} }] }],
      },
      `messages[0].content[0].type: expected one of 'text', 'image', 'document', 'tool_result', received "tool_use"`,
      'messages[0].content[0].type',
    ],
    [
      'tool input that is not an object',
      {
        ...base,
        messages: [
          user,
          { role: 'assistant', content: [{ type: 'tool_use', id: 'x', name: 'f', input: 'ls' }] },
        ],
      },
      'messages[1].content[0].input: expected record, received string',
      'messages[1].content[0].input',
    ],
    [
      'a PDF document',
      {
        ...base,
        messages: [
          user,
          user,
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              },
            ],
          },
        ],
      },
      'messages[2].content[0].source: documents of type application/pdf are not supported; send text',
      'messages[2].content[0].source',
    ],
    [
      'a document inside a tool result given by URL',
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't',
                content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }],
              },
            ],
          },
        ],
      },
      "messages[0].content[0].content[0].source: 'url' documents are not supported; send the text inline",
      'messages[0].content[0].content[0].source',
    ],
    [
      'a custom tool without input_schema',
      { ...base, tools: [{ name: 'f', description: 'd' }] },
      'tools[0].input_schema: required',
      'tools[0].input_schema',
    ],
    [
      'an unknown thinking type',
      { ...base, thinking: { type: 'sometimes' } },
      `thinking.type: expected one of 'enabled', 'adaptive', 'disabled', received "sometimes"`,
      'thinking.type',
    ],
    [
      'a thinking budget that is not a number',
      { ...base, thinking: { type: 'enabled', budget_tokens: '1024' } },
      'thinking.budget_tokens: expected number, received string',
      'thinking.budget_tokens',
    ],
    [
      'a thinking budget under 1,024',
      { ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1000 } },
      'thinking.budget_tokens: too small: expected number to be >=1024',
      'thinking.budget_tokens',
    ],
    [
      'a thinking budget not below max_tokens',
      { ...base, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 2048 } },
      'thinking.budget_tokens: must be less than max_tokens',
      'thinking.budget_tokens',
    ],
    [
      'max_tokens of 0',
      { ...base, max_tokens: 0 },
      'max_tokens: too small: expected number to be >0',
      'max_tokens',
    ],
    [
      'a temperature over 1',
      { ...base, temperature: 1.5 },
      'temperature: too big: expected number to be <=1',
      'temperature',
    ],
    ['a negative top_k', { ...base, top_k: -1 }, 'top_k: too small: expected number to be >=0', 'top_k'],
    [
      'a tool name with a dot',
      { ...base, tools: [{ name: 'get.weather', input_schema: { type: 'object' } }] },
      'tools[0].name: expected 1 to 64 letters, digits, underscores or dashes',
      'tools[0].name',
    ],
    [
      'a tool name of 65 characters',
      { ...base, tools: [{ name: 'a'.repeat(65), input_schema: { type: 'object' } }] },
      'tools[0].name: expected 1 to 64 letters, digits, underscores or dashes',
      'tools[0].name',
    ],
    [
      'an image of a media type Anthropic does not take',
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA==' } }],
          },
        ],
      },
      `messages[0].content[0].source.media_type: invalid option: expected one of "image/jpeg"|"image/png"|"image/gif"|"image/webp"`,
      'messages[0].content[0].source.media_type',
    ],
    [
      'a role Anthropic does not know',
      { ...base, messages: [{ role: 'tool', content: 'x' }] },
      `messages[0].role: expected one of 'user', 'assistant', 'system', received "tool"`,
      'messages[0].role',
    ],
  ])('rejects %s with INVALID_REQUEST naming the field', (_, body, message, param) => {
    const error = invalid(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(message);
    expect(error.details.param).toBe(param);
  });
});

describe('fromAnthropicCountTokensRequest', () => {
  it('reads the same conversation as /v1/messages without needing max_tokens', () => {
    const body = load('claude-code');
    const { max_tokens: _, stream: __, ...countBody } = body;
    const counted = fromAnthropicCountTokensRequest(countBody);
    const full = fromAnthropicMessagesRequest(body);
    expect(counted.system).toEqual(full.system);
    expect(counted.messages).toEqual(full.messages);
    expect(counted.tools).toEqual(full.tools);
    expect(counted.thinking).toEqual(full.thinking);
    expect(counted.stream).toBe(false);
    expect(counted.maxTokens).toBeUndefined();
  });

  it('still validates the messages', () => {
    const error = invalid({ model: 'm', messages: [{ role: 'user' }] }, fromAnthropicCountTokensRequest);
    expect(error.details.param).toBe('messages[0].content');
  });
});
