export type MessageHandler = (message: string) => void | Promise<void>;

/**
 * Fire-and-forget broadcast to every replica (cache invalidation, site switch). Messages published
 * while a subscriber is disconnected are lost, so subscribers must tolerate gaps (e.g. short TTLs).
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live, with a function that ends it. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
}
