import type { SimEvent } from './sim-event.ts';

/** The tool-input size above which Kiro has been seen cutting a call off (about 9 KB). */
export const DEFAULT_TOOL_INPUT_LIMIT = 9000;

/**
 * What Kiro does to a tool call whose input grows past its size limit: the input fragments stop at
 * the limit (in UTF-8 bytes, never inside a character), no `stop` frame follows, and the stream ends
 * there, without meteringEvent or contextUsageEvent. Calls within the limit are untouched.
 */
export function cutLargeToolInputs(events: SimEvent[], limitBytes: number): SimEvent[] {
  const sent = new Map<string, number>();
  const out: SimEvent[] = [];
  for (const event of events) {
    if (event.kind !== 'event' || event.type !== 'toolUseEvent' || typeof event.payload.input !== 'string') {
      out.push(event);
      continue;
    }
    const id = String(event.payload.toolUseId);
    const before = sent.get(id) ?? 0;
    const input = event.payload.input;
    const size = Buffer.byteLength(input);
    if (before + size <= limitBytes) {
      sent.set(id, before + size);
      out.push(event);
      continue;
    }
    const kept = prefixWithinBytes(input, limitBytes - before);
    const { stop: _stop, ...payload } = event.payload;
    if (kept !== '') out.push({ kind: 'event', type: 'toolUseEvent', payload: { ...payload, input: kept } });
    return out;
  }
  return out;
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes. */
function prefixWithinBytes(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}
