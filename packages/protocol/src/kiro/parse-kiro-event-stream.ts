import { EventStreamDecoder, type EventStreamMessage } from '@kirogate/eventstream';
import { parseKiroEvent } from './parse-kiro-event.ts';
import type { KiroEvent } from './types.ts';

/** Maps decoded frames to Kiro events; breaking out of the loop returns (cancels) the source. */
export async function* parseKiroEventStream(
  messages: AsyncIterable<EventStreamMessage>,
): AsyncGenerator<KiroEvent> {
  for await (const message of messages) yield parseKiroEvent(message);
}

/**
 * Kiro events straight from the response bytes, one batch per read: each chunk is decoded and its
 * frames parsed in one synchronous pass, so a 35-frame answer arriving in one read costs one async
 * step, not 35 per stage (the gateway's hot path). Reads that complete no frame yield nothing. A
 * corrupt frame throws after the frames before it were yielded. Breaking out of the loop returns
 * (cancels) the source.
 */
export async function* kiroEventBatchesFromBytes(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<KiroEvent[]> {
  // Every payload becomes text inside parseKiroEvent before the next chunk is read: no copies needed.
  const decoder = new EventStreamDecoder({ payloadViews: true });
  for await (const chunk of source) {
    const messages = decoder.push(chunk);
    if (messages.length > 0) yield messages.map(parseKiroEvent);
  }
  decoder.end();
}
