import { type SseEvent, SseParser } from './sse-parser.ts';

/** Parses a server-sent-events body; byte chunks are UTF-8 decoded with characters split across chunks kept whole. */
export async function* parseSse(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const utf8 = new TextDecoder();
  for await (const chunk of source) {
    yield* parser.push(typeof chunk === 'string' ? chunk : utf8.decode(chunk, { stream: true }));
  }
  yield* parser.push(utf8.decode());
  yield* parser.end();
}
