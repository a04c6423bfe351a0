import { describe, expect, it } from 'vitest';
import { findModel } from './model-catalog.ts';
import { parseDirectives } from './parse-directives.ts';
import { type PlanInput, planResponse, splitText } from './plan-response.ts';
import { seededRandom } from './seeded-random.ts';
import type { SimEvent } from './sim-event.ts';
import type { ChatRequestView } from './validate-chat-request.ts';

const view = (currentText: string, overrides: Partial<ChatRequestView> = {}): ChatRequestView => ({
  model: findModel('claude-sonnet-4.5')!,
  currentText,
  toolResults: [],
  toolNames: [],
  ...overrides,
});
const plan = (text: string, overrides: Partial<PlanInput> = {}) =>
  planResponse({
    request: view(text),
    directives: parseDirectives(text),
    thinking: false,
    requestBytes: 4000,
    seed: text,
    ...overrides,
  });
const payloads = (events: SimEvent[], type: string) =>
  events.flatMap((event) => (event.kind === 'event' && event.type === type ? [event.payload] : []));
const text = (events: SimEvent[]) =>
  payloads(events, 'assistantResponseEvent')
    .map((p) => p.content)
    .join('');

describe('planResponse', () => {
  it('echoes the message in deltas, then metering and context usage last', () => {
    const { events } = plan('What is 2 + 2?');
    expect(text(events)).toBe('You said: What is 2 + 2?');
    expect(events.slice(-2).map((event) => event.kind === 'event' && event.type)).toEqual([
      'meteringEvent',
      'contextUsageEvent',
    ]);
    expect(payloads(events, 'assistantResponseEvent').length).toBeGreaterThan(1);
  });

  it('never sends two equal deltas in a row', () => {
    for (let seed = 0; seed < 200; seed++) {
      const deltas = splitText('aaaaaaaaaaaa\n\n\n\nabababab', seededRandom(String(seed)), []);
      expect(deltas.join('')).toBe('aaaaaaaaaaaa\n\n\n\nabababab');
      for (let i = 1; i < deltas.length; i++) expect(deltas[i]).not.toBe(deltas[i - 1]);
    }
  });

  it('never cuts inside a surrogate pair', () => {
    const deltas = splitText('😀'.repeat(50), seededRandom('emoji'), []);
    for (const delta of deltas) expect(delta).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/u);
  });

  it('is deterministic for equal seeds and varies the cuts across seeds', () => {
    expect(plan('same text here for you').events).toEqual(plan('same text here for you').events);
    const cuts = new Set(
      ['a', 'b', 'c', 'd'].map((seed) => JSON.stringify(plan('same text here for you', { seed }).events)),
    );
    expect(cuts.size).toBeGreaterThan(1);
  });

  it('wraps the answer in thinking tags split across frames when thinking is asked for', () => {
    const { events } = plan('<thinking_mode>enabled</thinking_mode> Hi', { thinking: true });
    const deltas = payloads(events, 'assistantResponseEvent').map((p) => p.content as string);
    expect(text(events)).toMatch(/^<thinking>\n.+\n<\/thinking>\n\nYou said: Hi$/s);
    for (const delta of deltas) expect(delta).not.toMatch(/<thinking>|<\/thinking>/);
  });

  it('emits N deltas for [[sim:text N]]', () => {
    expect(payloads(plan('[[sim:text 500]]').events, 'assistantResponseEvent')).toHaveLength(500);
  });

  it('emits each called tool as start, input fragments that rebuild the JSON, and stop', () => {
    const input = '{"city": "Paris", "days": [1, 2, 3]}';
    const { events } = plan(
      `[[sim:call get_weather ${input}]] [[sim:call get_time {"tz": "UTC"}]] [[sim:fragments 4]]`,
    );
    const tools = payloads(events, 'toolUseEvent');
    const ids = [...new Set(tools.map((tool) => tool.toolUseId))];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^tooluse_[A-Za-z0-9_-]{22}$/);
    const forFirst = tools.filter((tool) => tool.toolUseId === ids[0]);
    expect(forFirst[0]).toEqual({ name: 'get_weather', toolUseId: ids[0] });
    expect(forFirst.at(-1)?.stop).toBe(true);
    expect(forFirst.map((tool) => tool.input ?? '').join('')).toBe(input);
    expect(forFirst.filter((tool) => tool.input !== undefined)).toHaveLength(4);
  });

  it('answers tool results by quoting them instead of calling again', () => {
    const { events } = plan('[[sim:call get_weather {}]]', {
      request: view('', { toolResults: [{ toolUseId: 'tooluse_1', name: 'get_weather', text: '22°C' }] }),
    });
    expect(payloads(events, 'toolUseEvent')).toEqual([]);
    expect(text(events)).toBe('Tool results: get_weather (tooluse_1) returned "22°C".');
  });

  it('derives context usage from the request size and the model window', () => {
    const usage = (modelId: string) =>
      payloads(
        planResponse({
          request: view('Hi', { model: findModel(modelId)! }),
          directives: parseDirectives('Hi'),
          thinking: false,
          requestBytes: 400_000,
          seed: 'x',
        }).events,
        'contextUsageEvent',
      )[0]?.contextUsagePercentage as number;
    expect(usage('claude-sonnet-4.5')).toBeCloseTo(50, 1);
    expect(usage('claude-opus-4.6')).toBeCloseTo(10, 1);
  });
});
