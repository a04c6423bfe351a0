import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical/index.ts';
import { KiroStreamConverter } from './kiro-stream-converter.ts';
import type { KiroEvent } from './types.ts';

/** A random but plausible Kiro answer: text, tool runs (some re-sent or duplicated), metering, context. */
function randomEvents(seed: number): KiroEvent[] {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: KiroEvent[] = [];
  for (let step = 0; step < 12; step++) {
    if (random() < 0.4) {
      events.push({
        type: 'content',
        content: pick(['<thinking>', 'a', 'a', '\n\n', '</thinking>', ' b', '']),
      });
      continue;
    }
    const toolUseId = pick(['t1', 't2', 't3']);
    const name = pick(['read', 'write']);
    const args = pick(['', '{}', '{"a":1}', '{"a":1', '{"p":"x"}']);
    events.push({ type: 'tool-use', toolUseId, name, input: '', stop: false });
    for (let at = 0; at < args.length; at += 3) {
      events.push({ type: 'tool-use', toolUseId, name, input: args.slice(at, at + 3), stop: false });
    }
    if (random() < 0.9) events.push({ type: 'tool-use', toolUseId, name, input: '', stop: true });
  }
  if (random() < 0.7)
    events.push({ type: 'metering', credits: 0.01 }, { type: 'context-usage', percentage: 3 });
  return events;
}

function convert(events: KiroEvent[], thinkingRequested: boolean): StreamEvent[] {
  const converter = new KiroStreamConverter({ thinkingRequested, toolNameMap: {}, inputTokens: 0 });
  const out: StreamEvent[] = [];
  for (const event of events) converter.push(event, out);
  return [...out, ...converter.end()];
}

describe('KiroStreamConverter invariants (what every stream writer relies on)', () => {
  it.each(Array.from({ length: 300 }, (_, index) => index + 1))('seed %i', (seed) => {
    for (const thinkingRequested of [false, true]) {
      const out = convert(randomEvents(seed), thinkingRequested);
      const open = new Map<number, string>();
      const closed = new Set<number>();
      let nextIndex = 0;
      let thinkingEnded = false;
      out.forEach((event, position) => {
        switch (event.type) {
          case 'text-delta':
          case 'thinking-delta':
            expect(event.text).not.toBe('');
            if (event.type === 'thinking-delta') expect(thinkingEnded).toBe(false);
            break;
          case 'thinking-end':
            expect(thinkingEnded).toBe(false);
            thinkingEnded = true;
            break;
          case 'tool-call-start':
            expect(event.index).toBe(nextIndex++);
            open.set(event.index, event.id);
            break;
          case 'tool-call-delta':
            expect(open.has(event.index)).toBe(true);
            expect(event.argumentsDelta).not.toBe('');
            break;
          case 'tool-call-end':
            expect(open.get(event.index)).toBe(event.id);
            open.delete(event.index);
            closed.add(event.index);
            break;
          case 'finish':
            expect(position).toBe(out.length - 1);
            break;
        }
      });
      expect(open.size).toBe(0);
      expect(closed.size).toBe(nextIndex);
      const ids = out.flatMap((event) => (event.type === 'tool-call-start' ? [event.id] : []));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
