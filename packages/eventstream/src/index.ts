export { decodeEventStream } from './decode-event-stream.ts';
export { encodeMessage } from './encode-message.ts';
export { EventStreamDecoder, type EventStreamDecoderOptions } from './event-stream-decoder.ts';
export { EventStreamError, type EventStreamErrorCode } from './event-stream-error.ts';
export { type EventStreamMessage, headerString } from './event-stream-message.ts';
export { formatSse, formatSseComment, type SseMessage } from './format-sse.ts';
export type { HeaderValue } from './header-value.ts';
export { parseSse } from './parse-sse.ts';
export { type SseEvent, SseParser } from './sse-parser.ts';
