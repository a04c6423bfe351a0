import type { StreamEvent } from './stream-event.ts';

/**
 * Drives a client-format stream renderer over event batches (one batch per upstream read): one string
 * per batch, nothing for a batch that renders to nothing, and nothing at all before the first event,
 * so the caller can still answer with a plain HTTP error if the source throws first. The stream ends
 * after `finish` or `error`; a source that runs out before either gets `incomplete()`. Errors thrown
 * by the source propagate.
 */
export async function* renderBatches(
  batches: AsyncIterable<readonly StreamEvent[]>,
  render: (event: StreamEvent) => string,
  incomplete: () => string,
): AsyncGenerator<string> {
  for await (const batch of batches) {
    let out = '';
    for (const event of batch) {
      out += render(event);
      if (event.type === 'finish' || event.type === 'error') {
        if (out !== '') yield out;
        return;
      }
    }
    if (out !== '') yield out;
  }
  yield incomplete();
}
