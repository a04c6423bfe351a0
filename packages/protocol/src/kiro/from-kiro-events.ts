import type { StreamEvent } from '../canonical/index.ts';
import { type FromKiroEventsOptions, KiroStreamConverter } from './kiro-stream-converter.ts';
import type { KiroEvent } from './types.ts';

/**
 * Canonical stream events for a Kiro answer, a batch in, a batch out: the events of one upstream read
 * are converted in one synchronous pass (the gateway's hot path). Empty batches are not passed on. Ends
 * with `finish`, or with `error` after an exception frame, in which case it stops reading (returning
 * the source cancels the upstream request).
 */
export async function* fromKiroEventBatches(
  batches: AsyncIterable<readonly KiroEvent[]>,
  options: FromKiroEventsOptions,
): AsyncGenerator<StreamEvent[]> {
  const converter = new KiroStreamConverter(options);
  for await (const batch of batches) {
    const out: StreamEvent[] = [];
    for (const event of batch) {
      converter.push(event, out);
      if (converter.failed) {
        yield out;
        return;
      }
    }
    if (out.length > 0) yield out;
  }
  const last = converter.end();
  if (last.length > 0) yield last;
}

/** `fromKiroEventBatches` one event at a time. */
export async function* fromKiroEvents(
  events: AsyncIterable<KiroEvent>,
  options: FromKiroEventsOptions,
): AsyncGenerator<StreamEvent> {
  for await (const batch of fromKiroEventBatches(singletons(events), options)) {
    // A loop, not `yield*`: delegating to an array from an async generator wraps every element in an
    // extra promise.
    for (const event of batch) yield event;
  }
}

async function* singletons<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}
