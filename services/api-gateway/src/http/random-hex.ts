import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the kernel 4 KiB at a time; each id takes the next unused slice. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * `length` random hex digits (at most 120) for response ids. One kernel call serves about a hundred
 * ids: a `randomBytes` or `randomUUID` call per id showed in the gateway's profile.
 */
export function randomHex(length: number): string {
  const bytes = Math.ceil(length / 2);
  if (bytes > 60) throw new RangeError('randomHex: at most 120 digits');
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex.length === length ? hex : hex.slice(0, length);
}
