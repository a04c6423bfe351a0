export type EventStreamErrorCode =
  | 'PRELUDE_CRC_MISMATCH'
  | 'MESSAGE_CRC_MISMATCH'
  | 'FRAME_TOO_LARGE'
  | 'FRAME_TOO_SMALL'
  | 'MALFORMED_HEADERS'
  | 'TRUNCATED';

export class EventStreamError extends Error {
  readonly code: EventStreamErrorCode;

  constructor(code: EventStreamErrorCode, message: string) {
    super(message);
    this.name = 'EventStreamError';
    this.code = code;
  }
}
