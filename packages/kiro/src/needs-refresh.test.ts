import { describe, expect, it } from 'vitest';
import { needsRefresh } from './needs-refresh.ts';

const now = new Date('2026-02-01T12:00:00.000Z');
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('needsRefresh (case 23)', () => {
  it('refreshes a token expiring within the default 600 s margin', () => {
    expect(needsRefresh(inMinutes(5), now)).toBe(true);
    expect(needsRefresh(inMinutes(10), now)).toBe(true);
    expect(needsRefresh(inMinutes(11), now)).toBe(false);
  });

  it('refreshes when the expiry is missing, unreadable or past', () => {
    expect(needsRefresh(undefined, now)).toBe(true);
    expect(needsRefresh(new Date('nope'), now)).toBe(true);
    expect(needsRefresh(inMinutes(-1), now)).toBe(true);
  });

  it('honours a configured margin', () => {
    expect(needsRefresh(inMinutes(5), now, 60_000)).toBe(false);
    expect(needsRefresh(inMinutes(5), now, 30 * 60_000)).toBe(true);
  });
});
