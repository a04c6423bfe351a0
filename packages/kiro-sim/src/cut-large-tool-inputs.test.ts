import { describe, expect, it } from 'vitest';
import { cutLargeToolInputs } from './cut-large-tool-inputs.ts';
import { toolUseEvents } from './plan-response.ts';
import { seededRandom } from './seeded-random.ts';
import { contentEvent, type SimEvent } from './sim-event.ts';

const metering: SimEvent = { kind: 'event', type: 'meteringEvent', payload: { usage: 0.1 } };
const context: SimEvent = {
  kind: 'event',
  type: 'contextUsageEvent',
  payload: { contextUsagePercentage: 1 },
};

function inputOf(events: SimEvent[], id: string): string {
  return events
    .map((event) =>
      event.kind === 'event' && event.payload.toolUseId === id && typeof event.payload.input === 'string'
        ? event.payload.input
        : '',
    )
    .join('');
}

describe('cutLargeToolInputs', () => {
  it('leaves calls within the limit alone', () => {
    const events = [
      contentEvent('hi'),
      ...toolUseEvents({ name: 'Write', input: '{"a":"small"}' }, 'tooluse_a', 3, seededRandom('x')),
      metering,
      context,
    ];
    expect(cutLargeToolInputs(events, 100)).toEqual(events);
  });

  it('stops a large input at the limit, without a stop frame, and ends the stream there', () => {
    const input = JSON.stringify({ content: 'é'.repeat(3000) });
    const events = [
      contentEvent('hi'),
      ...toolUseEvents({ name: 'Small', input: '{"a":1}' }, 'tooluse_s', 2, seededRandom('y')),
      ...toolUseEvents({ name: 'Write', input }, 'tooluse_w', 4, seededRandom('x')),
      metering,
      context,
    ];
    const cut = cutLargeToolInputs(events, 1001);

    expect(inputOf(cut, 'tooluse_s')).toBe('{"a":1}');
    const sent = inputOf(cut, 'tooluse_w');
    expect(input.startsWith(sent)).toBe(true);
    // 'é' is two bytes: the cut never splits a character.
    expect(Buffer.byteLength(sent)).toBe(1000);
    const last = cut.at(-1)!;
    expect(last.kind === 'event' && last.type).toBe('toolUseEvent');
    expect(
      cut.some(
        (event) => event.kind === 'event' && event.payload.toolUseId === 'tooluse_w' && event.payload.stop,
      ),
    ).toBe(false);
    expect(cut).not.toContain(metering);
    expect(cut).not.toContain(context);
  });
});
