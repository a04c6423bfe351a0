export interface SseMessage {
  event?: string;
  data: string;
  id?: string;
  /** Reconnection delay in milliseconds. */
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Serialises one server-sent event. Each line of `data` becomes its own `data:` field so CR, LF
 * and CRLF inside the data survive as line breaks; the blank line terminates the event.
 */
export function formatSse(message: SseMessage): string {
  let text = '';
  if (message.event !== undefined) text += `event: ${singleLine('event name', message.event)}\n`;
  for (const line of message.data.split(LINE_BREAK)) text += `data: ${line}\n`;
  if (message.id !== undefined) {
    if (message.id.includes('\0')) throw new RangeError('SSE id must not contain NUL');
    text += `id: ${singleLine('id', message.id)}\n`;
  }
  if (message.retry !== undefined) {
    if (!Number.isSafeInteger(message.retry) || message.retry < 0) {
      throw new RangeError('SSE retry must be a non-negative integer');
    }
    text += `retry: ${message.retry}\n`;
  }
  return `${text}\n`;
}

/** A comment block (e.g. a heartbeat); clients ignore it but it keeps idle connections alive. */
export function formatSseComment(text: string): string {
  let block = '';
  for (const line of text.split(LINE_BREAK)) block += `: ${line}\n`;
  return `${block}\n`;
}

function singleLine(field: string, value: string): string {
  // A line break would end the field early and let the rest be read as another field.
  if (value.includes('\n') || value.includes('\r'))
    throw new RangeError(`SSE ${field} must not contain CR or LF`);
  return value;
}
