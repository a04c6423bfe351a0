import { describe, expect, it } from 'vitest';
import { randomHex } from './random-hex.ts';

describe('randomHex', () => {
  it('gives the asked number of hex digits, different every time, with no fixed UUID digits', () => {
    const ids = Array.from({ length: 2000 }, () => randomHex(32));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // In a UUID the 13th digit is always 4; here every position takes many values.
    for (const position of [12, 15, 16, 31]) {
      expect(new Set(ids.map((id) => id[position])).size).toBeGreaterThan(8);
    }
  });
});
