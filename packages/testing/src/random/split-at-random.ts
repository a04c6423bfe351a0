import { seededRandom } from './seeded-random.ts';

/**
 * Cuts input into pieces of `minPiece`..`maxPiece` at seeded pseudo-random boundaries (0 allows empty
 * pieces), to prove stream code is split-safe: every stream test re-chunks its input this way.
 */
export function splitAtRandom<T extends string | Uint8Array>(
  input: T,
  seed: number,
  maxPiece = 64,
  minPiece = 0,
): T[] {
  const random = seededRandom(seed);
  const pieces: T[] = [];
  let at = 0;
  while (at < input.length) {
    const size = minPiece + Math.floor(random() * (maxPiece - minPiece + 1));
    pieces.push(input.slice(at, at + size) as T);
    at += size;
  }
  return pieces;
}
