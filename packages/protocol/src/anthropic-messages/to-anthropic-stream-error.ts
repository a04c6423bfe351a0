import type { AppError } from '@kirogate/errors';
import { formatSse } from '@kirogate/eventstream';
import { toAnthropicErrorBody } from './to-anthropic-error.ts';

/** The in-band error once the stream has started; the stream ends after it. */
export function toAnthropicStreamError(error: AppError): string {
  return formatSse({ event: 'error', data: JSON.stringify(toAnthropicErrorBody(error)) });
}
