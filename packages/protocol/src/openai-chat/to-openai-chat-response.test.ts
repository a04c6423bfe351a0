import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { collectResponse } from '../canonical/collect-response.ts';
import type { CanonicalResponse, StreamEvent } from '../canonical/index.ts';
import { golden, loadStreamFixtures, rechunkEvents, replay } from '../shared/stream-test-kit.ts';
import { toOpenAiChatResponse } from './to-openai-chat-response.ts';
import type { OpenAiChatStreamContext } from './to-openai-chat-stream.ts';
import { toOpenAiError } from './to-openai-error.ts';

const dir = fileURLToPath(new URL('../../testdata/openai-chat/streams/', import.meta.url));
const fixtures = loadStreamFixtures<OpenAiChatStreamContext>(dir);

async function render(events: StreamEvent[], context: OpenAiChatStreamContext): Promise<unknown> {
  try {
    return toOpenAiChatResponse(await collectResponse(replay(events), context.model), context);
  } catch (error) {
    if (error instanceof AppError) return toOpenAiError(error);
    throw error;
  }
}

describe.each(fixtures)('non-streaming $name', ({ name, context, events }) => {
  it('matches the golden response, however the events were chunked', async () => {
    const rendered = `${JSON.stringify(await render(events, context), null, 2)}\n`;
    const { actual, expected } = golden(join(dir, `${name}.response.golden.json`), rendered);
    expect(actual).toBe(expected);
    for (const seed of [11, 12, 13]) {
      expect(await render(rechunkEvents(events, seed), context)).toEqual(JSON.parse(expected));
    }
  });
});

describe('toOpenAiChatResponse', () => {
  const base: CanonicalResponse = {
    model: 'claude-sonnet-4-5',
    content: [],
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 5 },
  };
  const ctx = { id: 'chatcmpl-x', created: 1 };

  it('answers "" rather than null content when only tools were called', () => {
    const response = toOpenAiChatResponse(
      {
        ...base,
        content: [{ type: 'tool-call', id: 't1', name: 'ls', input: { path: '.' } }],
        finishReason: 'tool-calls',
      },
      ctx,
    );
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: '',
      refusal: null,
      tool_calls: [{ id: 't1', type: 'function', function: { name: 'ls', arguments: '{"path":"."}' } }],
    });
    expect(response.choices[0].finish_reason).toBe('tool_calls');
  });

  it('leaves tool_calls and reasoning_content out when there are none, and omits unknown credits', () => {
    const response = toOpenAiChatResponse({ ...base, content: [{ type: 'text', text: 'hi' }] }, ctx);
    expect(Object.keys(response.choices[0].message)).toEqual(['role', 'content', 'refusal']);
    expect(response.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  });

  it.each([
    ['stop', 'stop'],
    ['tool-calls', 'tool_calls'],
    ['length', 'length'],
    ['context-window-exceeded', 'length'],
    ['content-filter', 'content_filter'],
  ] as const)('maps finish reason %s to %s', (reason, expected) => {
    expect(toOpenAiChatResponse({ ...base, finishReason: reason }, ctx).choices[0].finish_reason).toBe(
      expected,
    );
  });
});
