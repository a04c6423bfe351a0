/** total_length + headers_length + prelude CRC. */
export const PRELUDE_LENGTH = 12;
/** Prelude plus the trailing message CRC: a frame with no headers and no payload. */
export const MIN_FRAME_LENGTH = 16;
export const MAX_FRAME_LENGTH = 16 * 1024 * 1024;
export const MAX_HEADERS_LENGTH = 128 * 1024;

export const HEADER_TYPE = {
  true: 0,
  false: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  bytes: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;
