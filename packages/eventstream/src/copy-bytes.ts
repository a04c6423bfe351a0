/**
 * A detached copy, so a small payload does not pin the transport buffer it arrived in. Not
 * `bytes.slice`: on a Node Buffer that returns a view, not a copy.
 */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const copy = new Uint8Array(end - start);
  copy.set(bytes.subarray(start, end));
  return copy;
}
