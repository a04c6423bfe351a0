import type { HeaderValue } from './header-value.ts';

export interface EventStreamMessage {
  /** Frozen, and shared between messages with the same header bytes. */
  headers: Readonly<Record<string, HeaderValue>>;
  payload: Uint8Array;
}

/** The value of a string header, or undefined when the header is absent or of another type. */
export function headerString(message: EventStreamMessage, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}
