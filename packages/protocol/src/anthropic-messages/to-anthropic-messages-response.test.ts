import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { collectResponse } from '../canonical/collect-response.ts';
import type { CanonicalResponse, StreamEvent } from '../canonical/index.ts';
import { golden, loadStreamFixtures, rechunkEvents, replay } from '../shared/stream-test-kit.ts';
import { toAnthropicError } from './to-anthropic-error.ts';
import { toAnthropicMessagesResponse } from './to-anthropic-messages-response.ts';
import type { AnthropicMessagesStreamContext } from './to-anthropic-messages-stream.ts';

const dir = fileURLToPath(new URL('../../testdata/anthropic-messages/streams/', import.meta.url));
const fixtures = loadStreamFixtures<AnthropicMessagesStreamContext>(dir);

async function render(events: StreamEvent[], context: AnthropicMessagesStreamContext): Promise<unknown> {
  try {
    return toAnthropicMessagesResponse(await collectResponse(replay(events), context.model), context);
  } catch (error) {
    if (error instanceof AppError) return toAnthropicError(error);
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

describe('toAnthropicMessagesResponse', () => {
  const base: CanonicalResponse = {
    model: 'claude-sonnet-4-5',
    content: [],
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 5 },
  };

  it('drops empty text, keeps thinking signatures and hides thinking text when display is omitted', () => {
    const response: CanonicalResponse = {
      ...base,
      content: [
        { type: 'thinking', text: 'secret plan', signature: 'sig_1' },
        { type: 'text', text: '' },
        { type: 'tool-call', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
      finishReason: 'tool-calls',
    };
    expect(
      toAnthropicMessagesResponse(response, { id: 'msg_1', thinkingDisplay: 'omitted' }).content,
    ).toEqual([
      { type: 'thinking', thinking: '', signature: 'sig_1' },
      { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(toAnthropicMessagesResponse(response, { id: 'msg_1' }).content[0]).toEqual({
      type: 'thinking',
      thinking: 'secret plan',
      signature: 'sig_1',
    });
  });

  it.each([
    ['stop', 'end_turn'],
    ['tool-calls', 'tool_use'],
    ['length', 'max_tokens'],
    ['content-filter', 'refusal'],
    ['context-window-exceeded', 'model_context_window_exceeded'],
  ] as const)('maps finish reason %s to stop_reason %s', (reason, expected) => {
    expect(toAnthropicMessagesResponse({ ...base, finishReason: reason }, { id: 'msg_1' }).stop_reason).toBe(
      expected,
    );
  });
});
