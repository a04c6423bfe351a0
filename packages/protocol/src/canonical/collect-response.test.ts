import { AppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { collectResponse } from './collect-response.ts';
import type { StreamEvent } from './stream-event.ts';

/** Seeded: re-splits every text, thinking and argument delta into 0..6-character pieces. */
function rechunk(events: ReadonlyArray<StreamEvent>, seed: number): StreamEvent[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pieces = (text: string) => {
    const out: string[] = [];
    for (let at = 0; at < text.length; ) {
      const size = Math.floor(random() * 7);
      out.push(text.slice(at, at + size));
      at += size;
    }
    return out;
  };
  return events.flatMap((event): StreamEvent[] => {
    if (event.type === 'text-delta' || event.type === 'thinking-delta') {
      return pieces(event.text).map((text) => ({ ...event, text }));
    }
    if (event.type === 'tool-call-delta') {
      return pieces(event.argumentsDelta).map((argumentsDelta) => ({ ...event, argumentsDelta }));
    }
    return [event];
  });
}

async function* replay(events: ReadonlyArray<StreamEvent>): AsyncGenerator<StreamEvent> {
  yield* events;
}

const seeds = [1, 2, 3, 4, 5];
const finish: StreamEvent = {
  type: 'finish',
  reason: 'tool-calls',
  usage: { inputTokens: 100, outputTokens: 20 },
  truncated: false,
};

describe('collectResponse', () => {
  it.each(seeds)('aggregates thinking, text and tool calls in stream order (seed %i)', async (seed) => {
    const events: StreamEvent[] = [
      { type: 'thinking-delta', text: 'Need the weather; ' },
      { type: 'thinking-delta', text: 'call the tool.' },
      { type: 'thinking-end', signature: 'sig_abc' },
      { type: 'text-delta', text: 'Checking ' },
      { type: 'text-delta', text: 'Paris…' },
      { type: 'tool-call-start', index: 0, id: 'tooluse_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city": "Paris"}' },
      {
        type: 'tool-call-end',
        index: 0,
        id: 'tooluse_1',
        name: 'get_weather',
        input: { city: 'Paris' },
        truncated: false,
      },
      { type: 'metering', credits: 0.5 },
      { type: 'context-usage', percentage: 12.5 },
      finish,
    ];
    const response = await collectResponse(replay(rechunk(events, seed)), 'claude-sonnet-4-5');
    expect(response).toEqual({
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', text: 'Need the weather; call the tool.', signature: 'sig_abc' },
        { type: 'text', text: 'Checking Paris…' },
        { type: 'tool-call', id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 100, outputTokens: 20, credits: 0.5, contextUsagePercentage: 12.5 },
    });
  });

  it.each(seeds)('keeps text that follows a tool call as its own part (seed %i)', async (seed) => {
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'before' },
      { type: 'tool-call-start', index: 0, id: 't', name: 'f' },
      { type: 'text-delta', text: 'after' },
      { type: 'tool-call-end', index: 0, id: 't', name: 'f', input: {}, truncated: false },
      finish,
    ];
    const { content } = await collectResponse(replay(rechunk(events, seed)), 'm');
    expect(content.map((part) => (part.type === 'text' ? part.text : part.type))).toEqual([
      'before',
      'tool-call',
      'after',
    ]);
  });

  it('prefers the usage the finish event reports over earlier metering', async () => {
    const events: StreamEvent[] = [
      { type: 'metering', credits: 0.5 },
      { ...finish, usage: { inputTokens: 1, outputTokens: 2, credits: 0.7 } },
    ];
    expect((await collectResponse(replay(events), 'm')).usage.credits).toBe(0.7);
  });

  it('records thinking that ended without text, and calls that only ended', async () => {
    const events: StreamEvent[] = [
      { type: 'thinking-end', signature: 'sig_only' },
      { type: 'tool-call-end', index: 3, id: 'x', name: 'g', input: { a: 1 }, truncated: false },
      finish,
    ];
    expect((await collectResponse(replay(events), 'm')).content).toEqual([
      { type: 'thinking', text: '', signature: 'sig_only' },
      { type: 'tool-call', id: 'x', name: 'g', input: { a: 1 } },
    ]);
  });

  it.each(seeds)('parses the arguments of a call still open at the finish (seed %i)', async (seed) => {
    const events: StreamEvent[] = [
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"k": [1, 2]}' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'f' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"cut": "of' },
      finish,
    ];
    const { content } = await collectResponse(replay(rechunk(events, seed)), 'm');
    expect(content).toEqual([
      { type: 'tool-call', id: 'a', name: 'f', input: { k: [1, 2] } },
      { type: 'tool-call', id: 'b', name: 'f', input: {} },
    ]);
  });

  it('throws the error event as it is', async () => {
    const error = new AppError('UPSTREAM_THROTTLED', 'Too many requests', { retryAfterSeconds: 2 });
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'partial' },
      { type: 'error', error },
    ];
    await expect(collectResponse(replay(events), 'm')).rejects.toBe(error);
  });

  it('fails with UPSTREAM_ERROR when the stream ends without a finish', async () => {
    await expect(collectResponse(replay([{ type: 'text-delta', text: 'cut' }]), 'm')).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
    });
  });
});
