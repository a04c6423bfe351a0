import { encodeMessage } from '@kirogate/eventstream';

/**
 * Frames as Kiro sends them (header order `:event-type`, `:content-type`, `:message-type`), for the
 * simulator and for tests that feed real bytes through the decoder.
 */
export function encodeKiroEventFrame(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify(payload),
  );
}

export function encodeKiroExceptionFrame(exceptionType: string, message: string): Uint8Array {
  return encodeMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify({ message }),
  );
}

export function encodeKiroErrorFrame(errorCode: string, errorMessage: string): Uint8Array {
  return encodeMessage(
    { ':error-code': errorCode, ':error-message': errorMessage, ':message-type': 'error' },
    '',
  );
}
