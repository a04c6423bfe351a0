import { StringDecoder } from 'node:string_decoder';
import type { WireFormat } from './request-shape.ts';

/**
 * Counts the content events (text deltas) completed by each chunk of a response body. Only text
 * deltas are timed, so direct and gateway runs compare the same thing: an OpenAI chunk with
 * `"content"`, an Anthropic `content_block_delta`, a Kiro `assistantResponseEvent` frame.
 */
export interface ContentEventCounter {
  push(chunk: Buffer): number;
}

export function contentEventCounter(format: WireFormat): ContentEventCounter {
  switch (format) {
    case 'openai':
      return sseCounter('"content":"');
    case 'anthropic':
      return sseCounter('content_block_delta');
    case 'kiro':
      return eventStreamCounter('assistantResponseEvent');
  }
}

/** Splits on the blank line that ends an SSE event; a marker anywhere in the event makes it content. */
function sseCounter(marker: string): ContentEventCounter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    push(chunk) {
      pending += decoder.write(chunk);
      let count = 0;
      let start = 0;
      for (;;) {
        const end = pending.indexOf('\n\n', start);
        if (end < 0) break;
        if (pending.slice(start, end).includes(marker)) count++;
        start = end + 2;
      }
      pending = pending.slice(start);
      return count;
    },
  };
}

/**
 * AWS event-stream frames start with their total length (4 bytes) and header length (4 bytes); the
 * `:event-type` value sits in the headers. CRCs are not checked: the gateway's decoder does that, this
 * only has to tell where frames end, as cheaply as the SSE side.
 */
function eventStreamCounter(eventType: string): ContentEventCounter {
  const marker = Buffer.from(eventType);
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let count = 0;
      let offset = 0;
      while (pending.length - offset >= 12) {
        const total = pending.readUInt32BE(offset);
        if (total < 16 || pending.length - offset < total) break;
        const headersEnd = offset + 12 + pending.readUInt32BE(offset + 4);
        const at = pending.indexOf(marker, offset + 12);
        if (at >= 0 && at < headersEnd) count++;
        offset += total;
      }
      pending = offset === 0 ? pending : pending.subarray(offset);
      return count;
    },
  };
}
