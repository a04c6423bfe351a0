import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import type { Message } from '../canonical/index.ts';
import { fromOpenAiResponsesRequest, parseOpenAiResponsesRequest } from './from-openai-responses-request.ts';

function convert(body: unknown, history: Message[] = []) {
  return fromOpenAiResponsesRequest(parseOpenAiResponsesRequest(body), history);
}

function invalid(body: unknown, history: Message[] = []): AppError {
  try {
    convert(body, history);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object' } };

describe('fromOpenAiResponsesRequest', () => {
  it('takes a string input as one user turn and instructions as the system prompt', () => {
    const request = convert({ model: 'm', input: 'Hello', instructions: 'Be brief', max_output_tokens: 99 });
    expect(request.system).toEqual(['Be brief']);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
    expect(request.maxTokens).toBe(99);
    expect(request.stream).toBe(false);
  });

  it('converts message, function_call and function_call_output items into grouped turns', () => {
    const request = convert({
      model: 'm',
      input: [
        { role: 'system', content: 'S' },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'D' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Calling' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call', call_id: 'c2', name: 'f', arguments: '' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
      ],
    });
    expect(request.system).toEqual(['S']);
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(request.messages[1]?.content[1]).toEqual({
      type: 'image',
      source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
    });
    expect(request.messages[2]?.content).toEqual([
      { type: 'text', text: 'Calling' },
      { type: 'tool-call', id: 'c1', name: 'f', input: { a: 1 } },
      { type: 'tool-call', id: 'c2', name: 'f', input: {} },
    ]);
    expect(request.messages[3]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'one' }], isError: false },
      { type: 'tool-result', toolCallId: 'c2', content: [{ type: 'text', text: 'two' }], isError: false },
    ]);
  });

  it('puts the previous response turns first and lets an output answer a call made there', () => {
    const history: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c9', name: 'get_weather', input: {} }] },
    ];
    const request = convert(
      { model: 'm', input: [{ type: 'function_call_output', call_id: 'c9', output: 'sunny' }] },
      history,
    );
    expect(request.messages.slice(0, 2)).toEqual(history);
    expect(request.messages[2]?.content[0]).toMatchObject({ type: 'tool-result', toolCallId: 'c9' });
  });

  it('replaces an item_reference by the stored output item it names, and refuses an unknown one', () => {
    const referenced = new Map([
      [
        'fc_aaaaaaaaaaaaaaaaaaaaaaaa_1',
        {
          id: 'fc_aaaaaaaaaaaaaaaaaaaaaaaa_1',
          type: 'function_call' as const,
          status: 'completed' as const,
          call_id: 'c5',
          name: 'f',
          arguments: '{"x":1}',
        },
      ],
    ]);
    const wire = parseOpenAiResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'go' },
        { type: 'item_reference', id: 'fc_aaaaaaaaaaaaaaaaaaaaaaaa_1' },
        { type: 'function_call_output', call_id: 'c5', output: 'done' },
      ],
    });
    const request = fromOpenAiResponsesRequest(wire, [], referenced);
    expect(request.messages[1]?.content).toEqual([
      { type: 'tool-call', id: 'c5', name: 'f', input: { x: 1 } },
    ]);
    expect(() => fromOpenAiResponsesRequest(wire, [], new Map())).toThrow(
      'input[1].id: no stored output item with id "fc_aaaaaaaaaaaaaaaaaaaaaaaa_1"',
    );
  });

  it('maps tools, tool_choice, reasoning effort, text.format and the session hint', () => {
    const request = convert({
      model: 'm',
      input: 'x',
      tools: [weather],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
      reasoning: { effort: 'xhigh', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' } } },
      prompt_cache_key: 'conv-1',
    });
    expect(request.tools).toEqual([
      { name: 'get_weather', description: '', inputSchema: { type: 'object' } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(request.thinking).toEqual({ type: 'adaptive', effort: 'high' });
    expect(request.system.join('\n')).toContain('validates against the JSON schema "out": {"type":"object"}');
    expect(request.system.join('\n')).toContain('Call at most one tool per response.');
    expect(request.metadata).toEqual({ userId: 'conv-1' });
  });

  it.each([
    ['a non-object body', 'x', 'request body: expected object, received string', undefined],
    ['a missing input', { model: 'm' }, 'input: expected string or array of input items', 'input'],
    [
      'an unknown item type',
      { model: 'm', input: [{ type: 'computer_call', id: 'x' }] },
      `input[0].type: expected one of 'message', 'function_call', 'function_call_output', 'reasoning', 'item_reference', received "computer_call"`,
      'input[0].type',
    ],
    [
      'a function_call_output without its call',
      { model: 'm', input: [{ type: 'function_call_output', call_id: 'nope', output: 'x' }] },
      'input[0].call_id: no function_call with call_id "nope" comes before this output',
      'input[0].call_id',
    ],
    [
      'content of the wrong type',
      { model: 'm', input: [{ role: 'user', content: 42 }] },
      'input[0].content: expected string or array of content parts',
      'input[0].content',
    ],
    [
      'a hosted tool',
      { model: 'm', input: 'x', tools: [{ type: 'web_search' }] },
      'tools[0].type: "web_search" tools are not supported; only "function" tools are',
      'tools[0].type',
    ],
    [
      'a function tool without a name',
      { model: 'm', input: 'x', tools: [{ type: 'function', parameters: {} }] },
      'tools[0].name: required',
      'tools[0].name',
    ],
    [
      'arguments that are not JSON',
      { model: 'm', input: [{ type: 'function_call', call_id: 'a', name: 'f', arguments: '{' }] },
      'input[0].arguments: not valid JSON',
      'input[0].arguments',
    ],
    [
      'max_output_tokens of the wrong type',
      { model: 'm', input: 'x', max_output_tokens: 'ten' },
      'max_output_tokens: expected number, received string',
      'max_output_tokens',
    ],
    [
      'an image without a URL',
      { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] },
      'input[0].content[0].image_url: required (file ids are not supported; send a data URL or an http(s) URL)',
      'input[0].content[0].image_url',
    ],
    [
      'background mode',
      { model: 'm', input: 'x', background: true },
      'background: background responses are not supported',
      'background',
    ],
    [
      'no user turn',
      { model: 'm', input: [] },
      'input: expected at least one user message or function output',
      'input',
    ],
  ])('rejects %s with INVALID_REQUEST naming the field', (_, body, message, param) => {
    const error = invalid(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(message);
    expect(error.details.param).toBe(param);
  });
});
