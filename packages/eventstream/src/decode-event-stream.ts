import { EventStreamDecoder, type EventStreamDecoderOptions } from './event-stream-decoder.ts';
import type { EventStreamMessage } from './event-stream-message.ts';

/**
 * Decodes a byte stream (e.g. a fetch/undici response body) into event-stream messages. Breaking out
 * of the loop returns the source iterator, which cancels the underlying request.
 */
export async function* decodeEventStream(
  source: AsyncIterable<Uint8Array>,
  options?: EventStreamDecoderOptions,
): AsyncGenerator<EventStreamMessage> {
  const decoder = new EventStreamDecoder(options);
  // A loop, not `yield*`: delegating to an array from an async generator wraps every element in an
  // extra promise.
  for await (const chunk of source) {
    for (const message of decoder.push(chunk)) yield message;
  }
  decoder.end();
}
