import { randomUUID } from 'node:crypto';

/**
 * `length` random hex digits (at most 60) for response ids. Built from `randomUUID`, which draws from
 * a buffered entropy pool, instead of `randomBytes`, which asks the kernel on every call.
 */
export function randomHex(length: number): string {
  let hex = '';
  while (hex.length < length) {
    // A v4 UUID: 32 hex digits less the version digit (12) and the variant digit (16), 30 random.
    const uuid = randomUUID().replaceAll('-', '');
    hex += uuid.slice(0, 12) + uuid.slice(13, 16) + uuid.slice(17);
  }
  return hex.slice(0, length);
}
