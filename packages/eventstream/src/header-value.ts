/**
 * One header value of an AWS event-stream frame. The ten wire types map to nine tags: the wire
 * distinguishes `true` (type 0) from `false` (type 1), here both are `boolean`.
 */
export type HeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'int8'; value: number }
  | { type: 'int16'; value: number }
  | { type: 'int32'; value: number }
  | { type: 'int64'; value: bigint }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string };
