import { findJsonObjectEnd } from './find-json-object-end.ts';

export interface BracketToolCall {
  name: string;
  /** The argument JSON exactly as written; always a valid JSON object. */
  args: string;
}

const calledWith = /\[Called\s+(\w+)\s+with\s+args:\s*/g;

/**
 * Tool calls some models write as text, `[Called get_weather with args: {"city": "London"}]`
 * (docs/kiro-protocol.md#quirks, 3). Calls whose JSON is incomplete or not an object are ignored.
 */
export function parseBracketToolCalls(text: string): BracketToolCall[] {
  const calls: BracketToolCall[] = [];
  for (const match of text.matchAll(calledWith)) {
    const start = match.index + match[0].length;
    const end = findJsonObjectEnd(text, start);
    if (end < 0) continue;
    const args = text.slice(start, end + 1);
    if (isJsonObject(args)) calls.push({ name: match[1] ?? '', args });
  }
  return calls;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
