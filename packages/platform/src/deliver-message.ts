import type { ErrorReporter } from './error-reporter.ts';
import type { MessageHandler } from './pub-sub.ts';

/** Runs a handler outside the publisher's stack; its failure is reported, never thrown at others. */
export function deliverMessage(
  handler: MessageHandler,
  channel: string,
  message: string,
  onError: ErrorReporter,
): void {
  Promise.resolve()
    .then(() => handler(message))
    .catch((error: unknown) => onError(error, `handling a message on "${channel}"`));
}
