import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';

/** Special-token strings in user text are ordinary text here, not an error. */
const asPlainText = { disallowedSpecial: new Set<string>() };

/**
 * Agent clients resend the whole conversation every turn, so most long texts of a request were
 * counted on an earlier turn; remembering them makes the estimate about four times cheaper (see
 * kiro.bench.ts). Tiny texts are cheaper to count than to look up; the bound keeps the cache to a few
 * MB of keys.
 */
const cacheMinLength = 64;
const cacheMaxChars = 4_000_000;
const cache = new Map<string, number>();
let cachedChars = 0;

/**
 * cl100k_base token count, the estimate the Python gateways report. Claude's tokenizer differs; the
 * number only has to be stable and close, and consistent between count_tokens and the usage we report.
 */
export function countTokens(text: string): number {
  if (text.length < cacheMinLength || text.length > cacheMaxChars / 4) return count(text);
  const cached = cache.get(text);
  if (cached !== undefined) {
    // Re-insert so that Map order is least recently used first.
    cache.delete(text);
    cache.set(text, cached);
    return cached;
  }
  const tokens = count(text);
  cache.set(text, tokens);
  cachedChars += text.length;
  for (const oldest of cache.keys()) {
    if (cachedChars <= cacheMaxChars) break;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
  return tokens;
}

/**
 * BPE cost grows with the square of a word's length: one 80 000-character "word" took 11 s and would
 * block the event loop. Runs of non-space longer than `longRun` are counted in `runPiece` pieces
 * (merges across those cuts are negligible), and texts past `sampleAbove` are extrapolated from
 * samples, so counting stays linear and bounded whatever a caller sends.
 */
const longRun = 128;
const runPiece = 64;
const sampleAbove = 100_000;
const sampleLength = 16_000;

function count(text: string): number {
  if (text.length <= sampleAbove) return countBounded(text);
  // Start, middle and end, so a prompt that changes character halfway is still estimated fairly.
  const middle = Math.floor(text.length / 2 - sampleLength / 2);
  const sampled =
    countBounded(text.slice(0, sampleLength)) +
    countBounded(text.slice(middle, middle + sampleLength)) +
    countBounded(text.slice(-sampleLength));
  return Math.round((sampled * text.length) / (3 * sampleLength));
}

const longRunPattern = new RegExp(`\\S{${longRun},}`, 'g');

function countBounded(text: string): number {
  if (text === '') return 0;
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(longRunPattern)) {
    total += countPlain(text.slice(last, match.index));
    for (let at = 0; at < match[0].length; at += runPiece)
      total += countPlain(match[0].slice(at, at + runPiece));
    last = match.index + match[0].length;
  }
  return total + countPlain(text.slice(last));
}

function countPlain(text: string): number {
  return text === '' ? 0 : countCl100k(text, asPlainText);
}
