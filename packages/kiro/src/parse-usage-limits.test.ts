import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseUsageLimits } from './parse-usage-limits.ts';

const sample = async () =>
  JSON.parse(await readFile(new URL('./fixtures/usage-limits.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

type Sample = Awaited<ReturnType<typeof sample>> & { usageBreakdownList: Record<string, unknown>[] };

describe('parseUsageLimits', () => {
  it('totals the CREDIT allowance, the active free trial and active bonuses of the sample', async () => {
    const limits = parseUsageLimits(await sample());
    // (50 − 3.27) + (500 − 12.5) + (100 − 0)
    expect(limits.availableCredits).toBeCloseTo(634.23, 10);
    expect(limits.usageLimit).toBe(650);
    expect(limits.currentUsage).toBeCloseTo(15.77, 10);
    expect(limits).toMatchObject({
      subscriptionTitle: 'KIRO FREE',
      email: 'me@example.com',
      daysUntilReset: 12,
      nextDateReset: new Date('2025-01-01T00:00:00.000Z'),
    });
    expect(limits.breakdown[0]).toMatchObject({
      resourceType: 'CREDIT',
      usageLimit: 50,
      currentUsage: 3.27,
      freeTrial: {
        status: 'ACTIVE',
        usageLimit: 500,
        currentUsage: 12.5,
        expiresAt: new Date(1736000000 * 1000),
      },
      bonuses: [{ status: 'ACTIVE', usageLimit: 100, currentUsage: 0 }],
    });
  });

  it('leaves out an expired free trial and inactive bonuses', async () => {
    const json = (await sample()) as Sample;
    const credit = json.usageBreakdownList[0]!;
    credit.freeTrialInfo = { ...(credit.freeTrialInfo as object), freeTrialStatus: 'EXPIRED' };
    credit.bonuses = [
      { status: 'EXPIRED', usageLimit: 100, currentUsage: 0 },
      { status: 'ACTIVE', usageLimit: 20, currentUsage: 5 },
    ];
    const limits = parseUsageLimits(json);
    expect(limits.availableCredits).toBeCloseTo(50 - 3.27 + 15, 10);
    expect(limits.usageLimit).toBe(70);
  });

  it('falls back to the rounded fields and never reports negative credits', () => {
    const limits = parseUsageLimits({
      usageBreakdownList: [{ resourceType: 'CREDIT', usageLimit: 50, currentUsage: 61 }],
    });
    expect(limits).toMatchObject({ subscriptionTitle: 'UNKNOWN', usageLimit: 50, currentUsage: 61 });
    expect(limits.availableCredits).toBe(0);
  });

  it('counts nothing when there is no CREDIT entry', () => {
    const limits = parseUsageLimits({
      usageBreakdownList: [{ resourceType: 'AGENTIC_REQUEST', usageLimit: 50, currentUsage: 1 }],
    });
    expect(limits.availableCredits).toBe(0);
    expect(limits.breakdown).toHaveLength(1);
  });

  it('rejects a shape that is not a usage answer', () => {
    expect(() => parseUsageLimits({ usageBreakdownList: 'none' })).toThrow(/unexpected shape/);
  });
});
