import { type KeyRevocation, keyRevocationChannel } from '@kirogate/contracts';
import type { PubSub } from '@kirogate/platform';

/** Tells every gateway replica to forget cached verdicts for keys (or for all keys). */
export class KeyRevocations {
  readonly #pubsub: PubSub;

  constructor(pubsub: PubSub) {
    this.#pubsub = pubsub;
  }

  async revoke(keyHashes: readonly string[]): Promise<void> {
    if (keyHashes.length === 0) return;
    await this.#send({ keyHashes: [...keyHashes] });
  }

  async revokeAll(): Promise<void> {
    await this.#send({ all: true });
  }

  async #send(message: KeyRevocation): Promise<void> {
    await this.#pubsub.publish(keyRevocationChannel, JSON.stringify(message));
  }
}
