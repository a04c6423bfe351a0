import { EventEmitter } from 'node:events';
import { deliverMessage } from './deliver-message.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { MessageHandler, PubSub } from './pub-sub.ts';

export class MemoryPubSub implements PubSub {
  readonly #emitter = new EventEmitter().setMaxListeners(0);
  readonly #onError: ErrorReporter;

  constructor(options: { onError: ErrorReporter }) {
    this.#onError = options.onError;
  }

  async publish(channel: string, message: string): Promise<void> {
    this.#emitter.emit(channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const listener = (message: string) => deliverMessage(handler, channel, message, this.#onError);
    this.#emitter.on(channel, listener);
    return async () => {
      this.#emitter.off(channel, listener);
    };
  }
}
