import type { AppError } from '@kirogate/errors';
import { formatSse } from '@kirogate/eventstream';
import { toOpenAiErrorBody } from './to-openai-error.ts';

/**
 * The in-band error once the stream has started: `data: {"error":{…}}`. The stream ends after it
 * without `[DONE]`: the official SDK raises an APIError on this chunk, and clients that only watch
 * for `[DONE]` must not mistake the cut answer for a complete one.
 */
export function toOpenAiStreamError(error: AppError): string {
  return formatSse({ data: JSON.stringify(toOpenAiErrorBody(error)) });
}
