import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.ts';

describe('countTokens', () => {
  it('counts cl100k_base tokens', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('hello world hello world')).toBeGreaterThan(countTokens('hello world'));
  });

  it('treats special-token strings in user text as plain text', () => {
    expect(countTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  it('gives the same count for long texts whether or not they were counted before', () => {
    const words = Array.from({ length: 400 }, (_, index) => `word${index}`);
    const text = words.join(' ');
    const first = countTokens(text);
    expect(countTokens(text)).toBe(first);
    expect(countTokens(`${text} more`)).toBeGreaterThan(first);
    const many = Array.from({ length: 2100 }, (_, index) => `${index} ${'x'.repeat(2000)}`);
    for (const item of many) countTokens(item);
    expect(countTokens(text)).toBe(first);
  });
});

describe('countTokens on hostile and huge input', () => {
  it('counts a very long unbroken word in pieces instead of one quadratic BPE run', () => {
    // 64-character pieces of "x" are 8 tokens each; one 80 000-character word used to take seconds.
    expect(countTokens('x'.repeat(80_000))).toBe(10_000);
  });

  it('estimates a text past the sampling threshold within 3 % of counting it all', () => {
    const words = ['gateway', 'stream', 'token', 'Kiro', '请求', 'credential', '42', 'the', 'of', '{"a":1}'];
    let seed = 7;
    const lines: string[] = [];
    for (let i = 0; i < 12_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      lines.push(`${words[seed % words.length]} ${words[(seed >> 8) % words.length]} line ${i}`);
    }
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(200_000);
    const exact = Array.from({ length: 12 }, (_, part) =>
      lines.slice(part * 1000, (part + 1) * 1000).join('\n'),
    )
      .map((chunk) => countTokens(chunk))
      .reduce((sum, n) => sum + n, 0);
    expect(Math.abs(countTokens(text) - exact) / exact).toBeLessThan(0.03);
  });
});
