import { AppError, type AppErrorDetails } from '@kirogate/errors';

/**
 * Claude Code (and other Anthropic clients) compact the conversation when an error message starts
 * with "prompt is too long"; the rest is the wording users of the Python gateways already know.
 */
export const contextTooLongMessage =
  'prompt is too long: Model context limit reached. Conversation size exceeds model capacity.';

export function contextTooLongError(details: AppErrorDetails): AppError {
  return new AppError('CONTEXT_TOO_LONG', contextTooLongMessage, details);
}
