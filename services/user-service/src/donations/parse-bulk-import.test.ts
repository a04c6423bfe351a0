import { describe, expect, it } from 'vitest';
import { parseTokenJson, parseTokenText } from './parse-bulk-import.ts';

describe('parseTokenText', () => {
  it('splits on commas, semicolons and whitespace', () => {
    expect(parseTokenText('aorA, aorB;aorC\n\taorD  ').candidates.map((c) => c.refreshToken)).toEqual([
      'aorA',
      'aorB',
      'aorC',
      'aorD',
    ]);
  });
});

describe('parseTokenJson', () => {
  it('reads strings, lists, objects, nested credentials and account lists', () => {
    const parsed = parseTokenJson({
      accounts: [
        'aorA',
        { refreshToken: 'aorB' },
        { credentials: { refreshToken: 'aorC', clientId: 'cid', clientSecret: 'sec' } },
        { data: [{ refresh_token: 'aorD' }] },
      ],
    });
    expect(parsed.candidates).toEqual([
      { refreshToken: 'aorA' },
      { refreshToken: 'aorB' },
      { refreshToken: 'aorC', clientId: 'cid', clientSecret: 'sec' },
      { refreshToken: 'aorD' },
    ]);
    expect(parsed.missingRequired).toBe(0);
  });

  it('counts objects missing the token or half an IdC client', () => {
    const parsed = parseTokenJson([
      { refreshToken: 'aorA', clientId: 'only-id' },
      { clientId: 'x', clientSecret: 'y' },
    ]);
    expect(parsed.candidates).toEqual([]);
    expect(parsed.missingRequired).toBe(2);
  });
});
