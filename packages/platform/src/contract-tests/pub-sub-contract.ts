import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorReporter } from '../error-reporter.ts';
import type { PubSub } from '../pub-sub.ts';

/** Delivery crosses Redis; the bound only keeps a broken build from hanging the suite. */
const eventually = { timeout: 10_000, interval: 20 };

export interface PubSubHarness {
  /** Two instances over one bus, as two replicas would have. */
  readonly buses: readonly [PubSub, PubSub];
  close(): Promise<void>;
}

export function pubSubContract(
  label: string,
  makeHarness: (onError: ErrorReporter) => Promise<PubSubHarness>,
): void {
  describe(`PubSub contract: ${label}`, () => {
    let harness: PubSubHarness;
    let channel: string;
    const onError = vi.fn<ErrorReporter>();
    beforeEach(async () => {
      onError.mockClear();
      harness = await makeHarness(onError);
      channel = `channel-${randomUUID()}`;
    });
    afterEach(() => harness.close());

    it('delivers to every subscriber of the channel, on any instance, and to no other channel', async () => {
      const [publisher, subscriber] = harness.buses;
      const first: string[] = [];
      const second: string[] = [];
      const elsewhere: string[] = [];
      await subscriber.subscribe(channel, (message) => void first.push(message));
      await publisher.subscribe(channel, (message) => void second.push(message));
      await subscriber.subscribe(`${channel}-other`, (message) => void elsewhere.push(message));
      await publisher.publish(channel, 'key-revoked:abc');
      await publisher.publish(channel, 'line one\nline two');
      await vi.waitFor(() => expect(first).toEqual(['key-revoked:abc', 'line one\nline two']), eventually);
      await vi.waitFor(() => expect(second).toEqual(['key-revoked:abc', 'line one\nline two']), eventually);
      expect(elsewhere).toEqual([]);
    });

    it('stops delivering to a handler after its unsubscribe, leaving the others', async () => {
      const [publisher, subscriber] = harness.buses;
      const left: string[] = [];
      const stayed: string[] = [];
      const unsubscribe = await subscriber.subscribe(channel, (message) => void left.push(message));
      await subscriber.subscribe(channel, (message) => void stayed.push(message));
      await unsubscribe();
      await unsubscribe();
      await publisher.publish(channel, 'after');
      await vi.waitFor(() => expect(stayed).toEqual(['after']), eventually);
      expect(left).toEqual([]);
    });

    it('reports a failing handler without starving the others', async () => {
      const [publisher, subscriber] = harness.buses;
      const received: string[] = [];
      await subscriber.subscribe(channel, () => {
        throw new Error('handler bug');
      });
      await subscriber.subscribe(channel, async () => {
        throw new Error('async handler bug');
      });
      await subscriber.subscribe(channel, (message) => void received.push(message));
      await publisher.publish(channel, 'one');
      await publisher.publish(channel, 'two');
      await vi.waitFor(() => expect(received).toEqual(['one', 'two']), eventually);
      await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(4), eventually);
    });
  });
}
