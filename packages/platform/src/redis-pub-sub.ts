import type { Redis } from 'ioredis';
import { deliverMessage } from './deliver-message.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { MessageHandler, PubSub } from './pub-sub.ts';
import { redisFailure } from './redis-failure.ts';

export interface RedisPubSubOptions {
  readonly publisher: Redis;
  /** A connection of its own: once subscribed, Redis accepts nothing else on it. */
  readonly subscriber: Redis;
  readonly keyPrefix: string;
  readonly onError: ErrorReporter;
}

interface Subscription {
  readonly handlers: Set<(message: string) => void>;
  readonly ready: Promise<unknown>;
}

/** One Redis SUBSCRIBE per channel however many handlers listen; ioredis re-subscribes on reconnect. */
export class RedisPubSub implements PubSub {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #keyPrefix: string;
  readonly #onError: ErrorReporter;
  readonly #subscriptions = new Map<string, Subscription>();

  constructor(options: RedisPubSubOptions) {
    this.#publisher = options.publisher;
    this.#subscriber = options.subscriber;
    this.#keyPrefix = `${options.keyPrefix}:`;
    this.#onError = options.onError;
    this.#subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.#subscriptions.get(channel)?.handlers ?? []) handler(message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    try {
      await this.#publisher.publish(this.#keyPrefix + channel, message);
    } catch (error) {
      throw redisFailure(error);
    }
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const key = this.#keyPrefix + channel;
    const subscription = this.#subscriptions.get(key) ?? this.#open(key);
    const deliver = (message: string) => deliverMessage(handler, channel, message, this.#onError);
    subscription.handlers.add(deliver);
    try {
      await subscription.ready;
    } catch (error) {
      await this.#leave(key, subscription, deliver);
      throw redisFailure(error);
    }
    let subscribed = true;
    return async () => {
      if (!subscribed) return;
      subscribed = false;
      await this.#leave(key, subscription, deliver);
    };
  }

  #open(key: string): Subscription {
    const subscription = {
      handlers: new Set<(message: string) => void>(),
      ready: this.#subscriber.subscribe(key),
    };
    this.#subscriptions.set(key, subscription);
    return subscription;
  }

  async #leave(key: string, subscription: Subscription, deliver: (message: string) => void): Promise<void> {
    subscription.handlers.delete(deliver);
    if (subscription.handlers.size > 0 || this.#subscriptions.get(key) !== subscription) return;
    this.#subscriptions.delete(key);
    try {
      await this.#subscriber.unsubscribe(key);
    } catch (error) {
      throw redisFailure(error);
    }
  }
}
