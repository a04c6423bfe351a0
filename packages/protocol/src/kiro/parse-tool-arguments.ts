import type { JsonObject } from '../canonical/index.ts';
import { diagnoseTruncatedJson } from './diagnose-truncated-json.ts';

export interface ToolArguments {
  /** `{}` when the arguments were empty, not an object, or unreadable. */
  input: JsonObject;
  /** The text was cut off by the upstream (see `diagnoseTruncatedJson`). */
  truncated: boolean;
}

export function parseToolArguments(text: string): ToolArguments {
  if (text.trim() === '') return { input: {}, truncated: false };
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return { input: isObject ? (value as JsonObject) : {}, truncated: false };
  } catch {
    return { input: {}, truncated: diagnoseTruncatedJson(text) !== undefined };
  }
}
