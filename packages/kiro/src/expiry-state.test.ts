import { describe, expect, it } from 'vitest';
import { expiryState } from './expiry-state.ts';

const now = new Date('2026-02-01T12:00:00.000Z');
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('expiryState (case 23)', () => {
  it('calls 8 minutes left expiring and 3 minutes left expired', () => {
    expect(expiryState(inMinutes(8), now)).toBe('expiring');
    expect(expiryState(inMinutes(3), now)).toBe('expired');
    expect(expiryState(inMinutes(30), now)).toBe('valid');
  });

  it('calls a missing or unreadable expiry expired', () => {
    expect(expiryState(undefined, now)).toBe('expired');
    expect(expiryState(new Date(Number.NaN), now)).toBe('expired');
  });

  it('uses configured thresholds', () => {
    const thresholds = { expiredWithinMs: 30_000, expiringWithinMs: 30 * 60_000 };
    expect(expiryState(inMinutes(3), now, thresholds)).toBe('expiring');
    expect(expiryState(inMinutes(0.25), now, thresholds)).toBe('expired');
  });
});
