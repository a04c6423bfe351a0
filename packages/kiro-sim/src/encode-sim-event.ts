import { encodeMessage } from '@kirogate/eventstream';
import type { SimEvent } from './sim-event.ts';

/** Encodes a frame with Kiro's header order: `:event-type` (or `:exception-type`), `:content-type`, `:message-type`. */
export function encodeSimEvent(event: SimEvent): Uint8Array {
  switch (event.kind) {
    case 'event':
      return encodeMessage(
        { ':event-type': event.type, ':content-type': 'application/json', ':message-type': 'event' },
        JSON.stringify(event.payload),
      );
    case 'exception':
      return encodeMessage(
        { ':exception-type': event.type, ':content-type': 'application/json', ':message-type': 'exception' },
        JSON.stringify({ message: event.message }),
      );
    case 'error':
      return encodeMessage(
        { ':error-code': event.code, ':error-message': event.message, ':message-type': 'error' },
        '',
      );
  }
}
