import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical/index.ts';
import { countTokens } from '../tokens/count-tokens.ts';
import { encodeKiroErrorFrame, encodeKiroEventFrame, encodeKiroExceptionFrame } from './encode-kiro-frame.ts';
import { fromKiroEvents } from './from-kiro-events.ts';
import type { FromKiroEventsOptions } from './kiro-stream-converter.ts';
import { coalesceDeltas, collect, fromArray, kiroEventsFromRandomChunks } from './kiro-stream-testing.ts';

const base: FromKiroEventsOptions = { thinkingRequested: false, toolNameMap: {}, inputTokens: 42 };
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

const content = (text: string) => encodeKiroEventFrame('assistantResponseEvent', { content: text });
const toolStart = (toolUseId: string, name: string) =>
  encodeKiroEventFrame('toolUseEvent', { name, toolUseId });
const toolInput = (toolUseId: string, name: string, input: string) =>
  encodeKiroEventFrame('toolUseEvent', { name, toolUseId, input });
const toolStop = (toolUseId: string, name: string) =>
  encodeKiroEventFrame('toolUseEvent', { name, toolUseId, stop: true });
const metering = (usage: number) =>
  encodeKiroEventFrame('meteringEvent', { unit: 'credit', unitPlural: 'credits', usage });
const contextUsage = (pct: number) =>
  encodeKiroEventFrame('contextUsageEvent', { contextUsagePercentage: pct });
const end = [metering(0.5), contextUsage(10)];

/** Converts the frames once per seed, cutting the bytes differently each time; all runs must agree. */
async function convert(
  frames: Uint8Array[],
  options: Partial<FromKiroEventsOptions> = {},
): Promise<StreamEvent[]> {
  const runs = await Promise.all(
    seeds.map((seed) =>
      collect(fromKiroEvents(kiroEventsFromRandomChunks(frames, seed), { ...base, ...options })),
    ),
  );
  for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  return runs[0] ?? [];
}

/** One tool call's input sent as fragments cut at random (Kiro cuts arguments anywhere). */
function fragmentedCall(id: string, name: string, args: string, seed: number): Uint8Array[] {
  return [
    toolStart(id, name),
    ...splitAtRandom(args, seed, 6, 1).map((piece) => toolInput(id, name, piece)),
    toolStop(id, name),
  ];
}

function finish(events: StreamEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error(`last event is ${last?.type}`);
  return last;
}

function toolEnds(events: StreamEvent[]) {
  return events.flatMap((event) => (event.type === 'tool-call-end' ? [event] : []));
}

describe('fromKiroEvents: conformance cases', () => {
  it('case 3: mixed events keep their order', async () => {
    const events = await convert([content('Hello'), metering(1), contextUsage(50)]);
    expect(events.map((event) => event.type)).toEqual(['text-delta', 'metering', 'context-usage', 'finish']);
    expect(finish(events)).toEqual({
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 42, outputTokens: countTokens('Hello'), credits: 1, contextUsagePercentage: 50 },
      truncated: false,
    });
  });

  it('case 4: a content delta equal to the previous one is dropped', async () => {
    const events = await convert([content('Same'), content('Same'), ...end]);
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'Same' },
    ]);
  });

  it('case 5: followup prompts are not answer text', async () => {
    const followup = encodeKiroEventFrame('assistantResponseEvent', {
      content: 'text',
      followupPrompt: 'suggestion',
    });
    const events = await convert([
      content('answer'),
      followup,
      encodeKiroEventFrame('followupPromptEvent', {}),
      ...end,
    ]);
    expect(coalesceDeltas(events).filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'answer' },
    ]);
  });

  it('case 6: a tool call streams its start, each fragment as it arrives, and its parsed end', async () => {
    const events = await convert([
      content('Let me check.'),
      toolStart('call_abc123', 'get_weather'),
      toolInput('call_abc123', 'get_weather', '{"location": '),
      toolInput('call_abc123', 'get_weather', '"Moscow"}'),
      toolStop('call_abc123', 'get_weather'),
      ...end,
    ]);
    expect(events.slice(0, 5)).toEqual([
      { type: 'text-delta', text: 'Let me check.' },
      { type: 'tool-call-start', index: 0, id: 'call_abc123', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location": ' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Moscow"}' },
      {
        type: 'tool-call-end',
        index: 0,
        id: 'call_abc123',
        name: 'get_weather',
        input: { location: 'Moscow' },
        truncated: false,
      },
    ]);
    expect(finish(events).reason).toBe('tool-calls');
  });

  it.each(seeds)('case 6: arguments cut anywhere assemble to the same input (seed %i)', async (seed) => {
    const args = '{"path": "src/a.ts", "content": "line1\\nline2 {not a brace}", "n": [1, 2]}';
    const events = await convert([...fragmentedCall('t1', 'write', args, seed), ...end]);
    const [call] = toolEnds(events);
    expect(call?.input).toEqual(JSON.parse(args));
    expect(coalesceDeltas(events).find((event) => event.type === 'tool-call-delta')).toEqual({
      type: 'tool-call-delta',
      index: 0,
      argumentsDelta: args,
    });
  });

  it('case 7: a tool call without input has input {}', async () => {
    const events = await convert([toolStart('t1', 'list'), toolStop('t1', 'list'), ...end]);
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 't1', name: 'list' },
      { type: 'tool-call-end', index: 0, id: 't1', name: 'list', input: {}, truncated: false },
    ]);
  });

  it('case 8: a re-sent id replaces empty arguments with the real ones', async () => {
    const events = await convert([
      toolStart('call_123', 'get_weather'),
      toolInput('call_123', 'get_weather', '{}'),
      toolStop('call_123', 'get_weather'),
      toolStart('call_123', 'get_weather'),
      toolInput('call_123', 'get_weather', '{"location":"Moscow"}'),
      toolStop('call_123', 'get_weather'),
      ...end,
    ]);
    expect(events.filter((event) => event.type === 'tool-call-start')).toHaveLength(1);
    expect(toolEnds(events).map((call) => call.input)).toEqual([{ location: 'Moscow' }]);
  });

  it.each(seeds)('case 8: the same name and arguments under a new id are dropped (seed %i)', async (seed) => {
    const events = await convert([
      ...fragmentedCall('1', 'func', '{"a":1}', seed),
      ...fragmentedCall('2', 'func', '{"a":1}', seed + 1),
      ...fragmentedCall('3', 'other', '{"b":2}', seed + 2),
      ...end,
    ]);
    expect(toolEnds(events).map((call) => [call.index, call.id, call.name])).toEqual([
      [0, '1', 'func'],
      [1, '3', 'other'],
    ]);
    expect(events.some((event) => event.type === 'tool-call-start' && event.id === '2')).toBe(false);
  });

  it('case 8: a same-name call whose arguments only share a prefix is kept', async () => {
    const events = await convert([
      ...fragmentedCall('1', 'read', '{"path":"a.ts"}', 1),
      ...fragmentedCall('2', 'read', '{"path":"a.tsx"}', 2),
      ...end,
    ]);
    expect(toolEnds(events).map((call) => call.input)).toEqual([{ path: 'a.ts' }, { path: 'a.tsx' }]);
  });

  it('case 9: bracket-style calls in the text become tool calls after the text', async () => {
    const text = 'Sure. [Called get_weather with args: {"city": "London", "note": "{}"}] done';
    const events = await convert([content(text), ...end]);
    const calls = events.filter((event) => event.type.startsWith('tool-call'));
    expect(coalesceDeltas(events).find((event) => event.type === 'text-delta')).toEqual({
      type: 'text-delta',
      text,
    });
    expect(calls[0]).toMatchObject({ type: 'tool-call-start', index: 0, name: 'get_weather' });
    expect(calls.at(-1)).toMatchObject({ input: { city: 'London', note: '{}' }, truncated: false });
    const id = calls[0]?.type === 'tool-call-start' ? calls[0].id : '';
    expect(id).toMatch(/^call_[0-9a-f]{8}$/);
    expect(finish(events).reason).toBe('tool-calls');
  });

  it('case 9: an incomplete bracket call is left as text', async () => {
    const events = await convert([content('[Called get_weather with args: {"city": "Lon'), ...end]);
    expect(events.some((event) => event.type.startsWith('tool-call'))).toBe(false);
  });

  it('case 10: truncated arguments end with input {} and truncated: true', async () => {
    const events = await convert([
      toolStart('t1', 'write'),
      toolInput('t1', 'write', '{"path": "a.txt", "content": "abc'),
      toolStop('t1', 'write'),
      ...end,
    ]);
    expect(toolEnds(events)).toEqual([
      { type: 'tool-call-end', index: 0, id: 't1', name: 'write', input: {}, truncated: true },
    ]);
  });
});

describe('fromKiroEvents: thinking', () => {
  const answer = '<thinking>\nFirst, 2+2.\n</thinking>\n\nIt is 4.';

  it.each(seeds)('parses thinking out of the text when requested (seed %i)', async (seed) => {
    const pieces = splitAtRandom(answer, seed, 5, 1).map((piece) => content(piece));
    const events = coalesceDeltas(await convert([...pieces, ...end], { thinkingRequested: true }));
    expect(events.slice(0, 3)).toEqual([
      { type: 'thinking-delta', text: 'First, 2+2.\n' },
      { type: 'thinking-end', signature: expect.stringMatching(/^sig_[0-9a-f]{32}$/) },
      { type: 'text-delta', text: 'It is 4.' },
    ]);
    expect(finish(events).usage.outputTokens).toBe(countTokens('It is 4.') + countTokens('First, 2+2.\n'));
  });

  it('keeps the blank line after </thinking> out of the answer when it arrives as two "\\n" deltas', async () => {
    // The second "\n" equals the delta before it and is dropped as a Kiro duplicate.
    const pieces = ['<thinking>\nFirst, 2+2.\n</thinking>', '\n', '\n', 'It is 4.'].map((piece) =>
      content(piece),
    );
    const events = coalesceDeltas(await convert([...pieces, ...end], { thinkingRequested: true }));
    expect(events.find((event) => event.type === 'text-delta')).toEqual({
      type: 'text-delta',
      text: 'It is 4.',
    });
  });

  it('gives the same signature for the same thinking', async () => {
    const first = await convert([content(answer), ...end], { thinkingRequested: true });
    const second = await convert([content(answer), ...end], { thinkingRequested: true });
    expect(first.find((event) => event.type === 'thinking-end')).toEqual(
      second.find((event) => event.type === 'thinking-end'),
    );
  });

  it('leaves the text untouched when thinking was not requested', async () => {
    const events = coalesceDeltas(await convert([content(answer), ...end]));
    expect(events[0]).toEqual({ type: 'text-delta', text: answer });
  });

  it('closes thinking before a tool call', async () => {
    const events = await convert([content('<thinking>plan'), ...fragmentedCall('t', 'ls', '{}', 1), ...end], {
      thinkingRequested: true,
    });
    expect(events.map((event) => event.type).slice(0, 3)).toEqual([
      'thinking-delta',
      'thinking-end',
      'tool-call-start',
    ]);
  });
});

describe('fromKiroEvents: ends and failures', () => {
  it('maps shortened tool names back to the client names', async () => {
    const events = await convert([...fragmentedCall('t', 'short_abc', '{}', 1), ...end], {
      toolNameMap: { short_abc: 'a_very_long_original_name' },
    });
    expect(toolEnds(events)[0]?.name).toBe('a_very_long_original_name');
  });

  it('counts tool arguments in the output tokens', async () => {
    const args = '{"command": "ls -la /tmp"}';
    const events = await convert([content('ok'), ...fragmentedCall('t', 'bash', args, 3), ...end]);
    expect(finish(events).usage.outputTokens).toBe(countTokens('ok') + countTokens(args));
  });

  it('marks a stream that ends without contextUsageEvent as truncated', async () => {
    const events = await convert([content('partial'), metering(0.1)]);
    expect(finish(events)).toMatchObject({ reason: 'stop', truncated: true, usage: { credits: 0.1 } });
  });

  it('ends with an error event on an exception frame and stops reading', async () => {
    let pulled = 0;
    async function* source() {
      yield* kiroEventsFromRandomChunks(
        [content('Hi'), encodeKiroExceptionFrame('ThrottlingException', 'Too many requests')],
        1,
      );
      pulled++;
    }
    const events = await collect(fromKiroEvents(source(), base));
    expect(events.map((event) => event.type)).toEqual(['text-delta', 'error']);
    expect(events[1]).toMatchObject({ error: { code: 'UPSTREAM_THROTTLED', message: 'Too many requests' } });
    expect(pulled).toBe(0);
  });

  it('turns error frames into error events', async () => {
    const events = await convert([encodeKiroErrorFrame('InternalFailure', 'boom')]);
    expect(events).toMatchObject([{ type: 'error', error: { code: 'UPSTREAM_ERROR' } }]);
  });

  it('reports a context overflow before any output as CONTEXT_TOO_LONG', async () => {
    const events = await convert([
      encodeKiroExceptionFrame('ContentLengthExceededException', 'Input is too long.'),
    ]);
    expect(events).toMatchObject([{ type: 'error', error: { code: 'CONTEXT_TOO_LONG' } }]);
  });

  it('finishes with length when the overflow comes after output', async () => {
    const events = await convert([
      content('long answer'),
      encodeKiroExceptionFrame('ContentLengthExceededException', 'Input is too long.'),
    ]);
    expect(finish(events)).toMatchObject({ reason: 'length', truncated: false });
  });

  it('finishes with content-filter on a CONTENT_FILTERED stop reason', async () => {
    const filtered = encodeKiroEventFrame('metadataEvent', { stopReason: 'CONTENT_FILTERED' });
    expect(finish(await convert([filtered, ...end])).reason).toBe('content-filter');
  });

  it('finishes with context-window-exceeded at 100 percent', async () => {
    expect(finish(await convert([content('x'), contextUsage(100)])).reason).toBe('context-window-exceeded');
  });

  it('ignores unknown events', async () => {
    const odd = encodeKiroEventFrame('supplementaryWebLinksEvent', { links: [] });
    const events = await convert([content('a'), odd, ...end]);
    expect(events.map((event) => event.type)).toEqual(['text-delta', 'metering', 'context-usage', 'finish']);
  });

  it('emits a finish even for an empty stream', async () => {
    expect(await collect(fromKiroEvents(fromArray([]), base))).toEqual([
      { type: 'finish', reason: 'stop', usage: { inputTokens: 42, outputTokens: 0 }, truncated: true },
    ]);
  });
});
