import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../canonical/index.ts';
import { countTokens } from './count-tokens.ts';
import { estimateInputTokens } from './estimate-input-tokens.ts';

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [],
    tools: [],
    stream: false,
    metadata: {},
    ...overrides,
  };
}

describe('estimateInputTokens', () => {
  it('adds 4 per message and 3 for the reply', () => {
    const text = 'What is the weather in Paris today?';
    const estimate = estimateInputTokens(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] }),
    );
    expect(estimate).toBe(countTokens(text) + 4 + 3);
  });

  it('counts the system prompt as one message', () => {
    const base = estimateInputTokens(request({}));
    expect(estimateInputTokens(request({ system: ['Be brief.', 'Use French.'] }))).toBe(
      base + 4 + countTokens('Be brief.\nUse French.'),
    );
  });

  it('charges 100 per image, also inside tool results', () => {
    const image = {
      type: 'image' as const,
      source: { kind: 'base64' as const, mediaType: 'image/png', data: 'abc' },
    };
    const withImage = estimateInputTokens(
      request({
        messages: [
          { role: 'user', content: [image] },
          {
            role: 'user',
            content: [{ type: 'tool-result', toolCallId: 't', content: [image], isError: false }],
          },
        ],
      }),
    );
    expect(withImage).toBe(3 + 4 + 100 + 4 + 100);
  });

  it('counts tool calls and tool definitions', () => {
    const input = { city: 'Paris' };
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const estimate = estimateInputTokens(
      request({
        messages: [
          { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'get_weather', input }] },
        ],
        tools: [{ name: 'get_weather', description: 'Weather for a city', inputSchema: schema }],
      }),
    );
    const call = countTokens('get_weather') + countTokens(JSON.stringify(input));
    const tool =
      4 +
      countTokens('get_weather') +
      countTokens('Weather for a city') +
      countTokens(JSON.stringify(schema));
    expect(estimate).toBe(3 + 4 + call + tool);
  });
});
