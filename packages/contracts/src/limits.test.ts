import { describe, expect, it } from 'vitest';
import { limitCounter } from './limits.ts';

describe('limitCounter', () => {
  const now = new Date('2026-12-31T23:59:30.000Z');
  const user = { kind: 'user', id: 'u1' } as const;

  it('puts the UTC day or month into budget keys and resets them at its end', () => {
    expect(limitCounter('dailyCredits', user, now)).toEqual({
      kind: 'budget',
      key: 'credits:2026-12-31:user:u1',
      resetsAtMs: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(limitCounter('monthlyCredits', user, now)).toEqual({
      kind: 'budget',
      key: 'credits:2026-12:user:u1',
      resetsAtMs: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(limitCounter('dailyTokens', { kind: 'key', id: 'k1' }, new Date('2026-02-03T01:00:00Z'))).toEqual({
      kind: 'budget',
      key: 'tokens:2026-02-03:key:k1',
      resetsAtMs: Date.parse('2026-02-04T00:00:00Z'),
    });
  });

  it('keeps user and key counters apart', () => {
    expect(limitCounter('concurrentRequests', user, now).key).not.toBe(
      limitCounter('concurrentRequests', { kind: 'key', id: 'u1' }, now).key,
    );
    expect(limitCounter('requestsPerMinute', user, now)).toEqual({
      kind: 'rate',
      key: 'rpm:user:u1',
      windowMs: 60_000,
    });
  });
});
