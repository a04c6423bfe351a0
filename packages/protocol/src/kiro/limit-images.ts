import type { KiroTurn } from './kiro-turn.ts';

export const defaultMaxImageMessages = 5;

/**
 * Keeps images only in the `maxImageMessages` most recent image-bearing user turns; older images
 * become a text placeholder. Old screenshots are what pushes long sessions past Kiro's content-length
 * threshold (docs/kiro-protocol.md#images).
 */
export function limitImages(turns: readonly KiroTurn[], maxImageMessages: number): void {
  let kept = 0;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (turn?.role !== 'user' || turn.images.length === 0) continue;
    if (kept < maxImageMessages) {
      kept++;
      continue;
    }
    turn.segments.push(...turn.images.map(() => ({ text: '[image omitted]', block: false })));
    turn.images = [];
  }
}
