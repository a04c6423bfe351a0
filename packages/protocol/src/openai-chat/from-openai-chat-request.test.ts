import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { golden } from '../shared/stream-test-kit.ts';
import { fromOpenAiChatRequest } from './from-openai-chat-request.ts';

const dir = fileURLToPath(new URL('../../testdata/openai-chat/requests/', import.meta.url));
const requests = readdirSync(dir)
  .filter((file) => file.endsWith('.request.json'))
  .map((file) => file.slice(0, -'.request.json'.length));

const user = { role: 'user', content: 'hi' };

function invalid(body: unknown): AppError {
  try {
    fromOpenAiChatRequest(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('fromOpenAiChatRequest', () => {
  it.each(requests)('converts %s to the golden canonical request', (name) => {
    const body: unknown = JSON.parse(readFileSync(join(dir, `${name}.request.json`), 'utf8'));
    const canonical = `${JSON.stringify(fromOpenAiChatRequest(body), null, 2)}\n`;
    const { actual, expected } = golden(join(dir, `${name}.golden.json`), canonical);
    expect(actual).toBe(expected);
  });

  it('hoists system messages, keeps developer turns in place and groups consecutive tool results', () => {
    const request = fromOpenAiChatRequest({
      model: 'm',
      messages: [
        { role: 'developer', content: 'D' },
        { role: 'user', content: 'Q' },
        { role: 'system', content: 'S1' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'b', type: 'function', function: { name: 'f', arguments: '{"x":[1]}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: 'ra' },
        { role: 'tool', tool_call_id: 'b', content: '' },
        { role: 'system', content: 'S2' },
        { role: 'tool', tool_call_id: 'c', content: 'rc' },
      ],
    });
    expect(request.system).toEqual(['S1', 'S2']);
    // A hoisted system message leaves nothing behind, so the results around it still share a turn.
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool-call', id: 'a', name: 'f', input: {} },
      { type: 'tool-call', id: 'b', name: 'f', input: { x: [1] } },
    ]);
    expect(request.messages[3]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'ra' }], isError: false },
      { type: 'tool-result', toolCallId: 'b', content: [], isError: false },
      { type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'rc' }], isError: false },
    ]);
  });

  it.each([
    ['minimal', 'low'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'high'],
    ['max', 'high'],
  ])('maps reasoning_effort %s to adaptive thinking with effort %s', (effort, expected) => {
    const request = fromOpenAiChatRequest({ model: 'm', messages: [user], reasoning_effort: effort });
    expect(request.thinking).toEqual({ type: 'adaptive', effort: expected });
  });

  it('asks for a usage chunk only when the client did', () => {
    const base = { model: 'm', messages: [user], stream: true };
    expect(fromOpenAiChatRequest({ ...base, stream_options: { include_usage: true } }).includeUsage).toBe(
      true,
    );
    expect(
      fromOpenAiChatRequest({ ...base, stream_options: { include_usage: false } }).includeUsage,
    ).toBeUndefined();
    expect(fromOpenAiChatRequest(base).includeUsage).toBeUndefined();
  });

  it.each([
    ['a non-object body', 'hello', 'request body: expected object, received string', undefined],
    ['a missing model', { messages: [user] }, 'model: required', 'model'],
    [
      'empty messages',
      { model: 'm', messages: [] },
      'messages: too small: expected array to have >=1 items',
      'messages',
    ],
    [
      'content of the wrong type',
      { model: 'm', messages: [user, user, { role: 'user', content: 42 }] },
      'messages[2].content: expected string or array of content parts',
      'messages[2].content',
    ],
    [
      'an unknown role',
      { model: 'm', messages: [{ role: 'robot', content: 'x' }] },
      `messages[0].role: expected one of 'system', 'developer', 'user', 'assistant', 'tool', 'function', received "robot"`,
      'messages[0].role',
    ],
    [
      'an unsupported content part',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] },
      `messages[0].content[0].type: expected one of 'text', 'image_url', received "input_audio"`,
      'messages[0].content[0].type',
    ],
    [
      'a text part without text',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages[0].content[0].text: required',
      'messages[0].content[0].text',
    ],
    [
      'an image URL that is neither data nor http(s)',
      {
        model: 'm',
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] },
        ],
      },
      'messages[0].content[0].image_url.url: expected a base64 image data URL or an http(s) URL',
      'messages[0].content[0].image_url.url',
    ],
    [
      'tool-call arguments that are not JSON',
      {
        model: 'm',
        messages: [
          user,
          {
            role: 'assistant',
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
          },
        ],
      },
      'messages[1].tool_calls[0].function.arguments: not valid JSON',
      'messages[1].tool_calls[0].function.arguments',
    ],
    [
      'tool-call arguments that are not an object',
      {
        model: 'm',
        messages: [
          {
            role: 'assistant',
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments: expected a JSON object',
      'messages[0].tool_calls[0].function.arguments',
    ],
    [
      'a tool without a name',
      { model: 'm', messages: [user], tools: [{ type: 'function', function: { description: 'd' } }] },
      'tools[0].function.name: required',
      'tools[0].function.name',
    ],
    [
      'a function name with a space',
      {
        model: 'm',
        messages: [user],
        tools: [{ type: 'function', function: { name: 'get weather', parameters: { type: 'object' } } }],
      },
      'tools[0].function.name: expected 1 to 64 letters, digits, underscores or dashes',
      'tools[0].function.name',
    ],
    [
      'a function name of 65 characters',
      { model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'f'.repeat(65) } }] },
      'tools[0].function.name: expected 1 to 64 letters, digits, underscores or dashes',
      'tools[0].function.name',
    ],
    [
      'five stop sequences',
      { model: 'm', messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] },
      'stop: expected string or up to 4 strings',
      'stop',
    ],
    [
      'a presence penalty out of range',
      { model: 'm', messages: [user], presence_penalty: -2.5 },
      'presence_penalty: too small: expected number to be >=-2',
      'presence_penalty',
    ],
    [
      'a frequency penalty out of range',
      { model: 'm', messages: [user], frequency_penalty: 2.5 },
      'frequency_penalty: too big: expected number to be <=2',
      'frequency_penalty',
    ],
    [
      'top_logprobs over 20',
      { model: 'm', messages: [user], top_logprobs: 21 },
      'top_logprobs: too big: expected number to be <=20',
      'top_logprobs',
    ],
    [
      'max_tokens of 0',
      { model: 'm', messages: [user], max_tokens: 0 },
      'max_tokens: too small: expected number to be >0',
      'max_tokens',
    ],
    [
      'a role OpenAI does not know',
      { model: 'm', messages: [{ role: 'bot', content: 'x' }] },
      `messages[0].role: expected one of 'system', 'developer', 'user', 'assistant', 'tool', 'function', received "bot"`,
      'messages[0].role',
    ],
    [
      'more than one choice',
      { model: 'm', messages: [user], n: 2 },
      'n: only one choice per request is supported',
      'n',
    ],
    [
      'a temperature out of range',
      { model: 'm', messages: [user], temperature: 3 },
      'temperature: too big: expected number to be <=2',
      'temperature',
    ],
  ])('rejects %s with INVALID_REQUEST naming the field', (_, body, message, param) => {
    const error = invalid(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(message);
    expect(error.details.param).toBe(param);
  });

  it('keeps a huge discriminator value out of the error message', () => {
    const error = invalid({ model: 'm', messages: [{ role: 'x'.repeat(10_000), content: 'x' }] });
    expect(error.message.length).toBeLessThan(200);
  });
});
