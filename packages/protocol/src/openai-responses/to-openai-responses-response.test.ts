import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../canonical/index.ts';
import { parseOpenAiResponsesRequest } from './from-openai-responses-request.ts';
import { type OpenAiResponsesContext, toOpenAiResponsesResponse } from './to-openai-responses-response.ts';

const answer: CanonicalResponse = {
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', text: 'Let me think about the weather in Paris first.', signature: 's' },
    { type: 'text', text: 'Checking.' },
    { type: 'tool-call', id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 40, outputTokens: 30, credits: 0.01 },
};

function context(body: object): OpenAiResponsesContext {
  return {
    id: 'resp_aaaaaaaaaaaaaaaaaaaaaaaa',
    createdAt: 1_700_000_000,
    model: 'claude-sonnet-4-5',
    request: parseOpenAiResponsesRequest({ model: 'claude-sonnet-4-5', input: 'x', ...body }),
  };
}

describe('toOpenAiResponsesResponse', () => {
  it('lists reasoning, message and function_call items in answer order with ids from the response id', () => {
    const response = toOpenAiResponsesResponse(answer, context({}));
    expect(response.output).toEqual([
      {
        id: 'rs_aaaaaaaaaaaaaaaaaaaaaaaa_0',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Let me think about the weather in Paris first.' }],
      },
      {
        id: 'msg_aaaaaaaaaaaaaaaaaaaaaaaa_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] }],
      },
      {
        id: 'fc_aaaaaaaaaaaaaaaaaaaaaaaa_2',
        type: 'function_call',
        status: 'completed',
        call_id: 'tooluse_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
    ]);
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({
      input_tokens: 40,
      output_tokens: 30,
      total_tokens: 70,
      input_tokens_details: { cached_tokens: 0 },
      credits_used: 0.01,
    });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeLessThanOrEqual(30);
  });

  it('echoes the request settings', () => {
    const response = toOpenAiResponsesResponse(
      answer,
      context({
        instructions: 'Be brief',
        metadata: { ticket: 'T-1' },
        tool_choice: 'required',
        store: false,
        previous_response_id: 'resp_bbbbbbbbbbbbbbbbbbbbbbbb',
        max_output_tokens: 500,
        temperature: 0.2,
        parallel_tool_calls: false,
        reasoning: { effort: 'low' },
        user: 'u-1',
      }),
    );
    expect(response).toMatchObject({
      instructions: 'Be brief',
      metadata: { ticket: 'T-1' },
      tool_choice: 'required',
      store: false,
      previous_response_id: 'resp_bbbbbbbbbbbbbbbbbbbbbbbb',
      max_output_tokens: 500,
      temperature: 0.2,
      parallel_tool_calls: false,
      reasoning: { effort: 'low', summary: null },
      user: 'u-1',
    });
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['context-window-exceeded', 'max_output_tokens'],
    ['content-filter', 'content_filter'],
  ] as const)('marks finish reason %s as incomplete with reason %s', (finishReason, reason) => {
    const response = toOpenAiResponsesResponse({ ...answer, finishReason }, context({}));
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason });
  });
});
