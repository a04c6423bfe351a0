import { AppError } from '@kirogate/errors';
import type { JsonObject } from '../canonical/index.ts';

/** OpenAI carries tool-call arguments as a JSON string; canonical tool calls hold the object. */
export function parseToolArguments(text: string, param: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_REQUEST', `${param}: not valid JSON`, { param });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('INVALID_REQUEST', `${param}: expected a JSON object`, { param });
  }
  return value as JsonObject;
}
