import { AppError } from '@kirogate/errors';
import { z } from 'zod';

export interface CreditAllowance {
  status: string;
  usageLimit: number;
  currentUsage: number;
  expiresAt?: Date;
}

export interface UsageBreakdown {
  resourceType: string;
  displayName?: string;
  usageLimit: number;
  currentUsage: number;
  nextDateReset?: Date;
  freeTrial?: CreditAllowance;
  bonuses: CreditAllowance[];
}

export interface UsageLimits {
  subscriptionTitle: string;
  email?: string;
  daysUntilReset?: number;
  nextDateReset?: Date;
  /** Credits left: the CREDIT entry's own allowance plus its active free trial and active bonuses. */
  availableCredits: number;
  /** Total of the allowances counted in `availableCredits`. */
  usageLimit: number;
  /** Usage of the allowances counted in `availableCredits`. */
  currentUsage: number;
  breakdown: UsageBreakdown[];
}

const amount = z.number().nullish();
const epochSeconds = z.number().nullish();

const allowanceFields = {
  usageLimit: amount,
  usageLimitWithPrecision: amount,
  currentUsage: amount,
  currentUsageWithPrecision: amount,
};

const usageLimitsSchema = z.object({
  subscriptionInfo: z.object({ subscriptionTitle: z.string().nullish() }).nullish(),
  userInfo: z.object({ email: z.string().nullish() }).nullish(),
  daysUntilReset: z.number().nullish(),
  nextDateReset: epochSeconds,
  usageBreakdownList: z
    .array(
      z.object({
        resourceType: z.string(),
        displayName: z.string().nullish(),
        ...allowanceFields,
        nextDateReset: epochSeconds,
        freeTrialInfo: z
          .object({
            freeTrialStatus: z.string().nullish(),
            freeTrialExpiry: epochSeconds,
            ...allowanceFields,
          })
          .nullish(),
        bonuses: z
          .array(z.object({ status: z.string().nullish(), expiresAt: epochSeconds, ...allowanceFields }))
          .nullish(),
      }),
    )
    .nullish(),
});

type Allowance = { [K in keyof typeof allowanceFields]?: number | null };

/** Parses a getUsageLimits answer and totals the credits an account can still spend. */
export function parseUsageLimits(json: unknown): UsageLimits {
  const parsed = usageLimitsSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('UPSTREAM_ERROR', 'Kiro getUsageLimits returned an unexpected shape');
  }
  const data = parsed.data;
  const breakdown = (data.usageBreakdownList ?? []).map((entry): UsageBreakdown => {
    const item: UsageBreakdown = {
      resourceType: entry.resourceType,
      ...limitsOf(entry),
      bonuses: (entry.bonuses ?? []).map((bonus) =>
        withExpiry({ status: bonus.status ?? 'UNKNOWN', ...limitsOf(bonus) }, bonus.expiresAt),
      ),
    };
    if (entry.displayName) item.displayName = entry.displayName;
    if (entry.nextDateReset) item.nextDateReset = fromEpochSeconds(entry.nextDateReset);
    const trial = entry.freeTrialInfo;
    if (trial) {
      item.freeTrial = withExpiry(
        { status: trial.freeTrialStatus ?? 'UNKNOWN', ...limitsOf(trial) },
        trial.freeTrialExpiry,
      );
    }
    return item;
  });
  const counted = countedAllowances(breakdown.find((entry) => entry.resourceType === 'CREDIT'));
  const usageLimit = sum(counted.map((allowance) => allowance.usageLimit));
  const currentUsage = sum(counted.map((allowance) => allowance.currentUsage));
  const limits: UsageLimits = {
    subscriptionTitle: data.subscriptionInfo?.subscriptionTitle ?? 'UNKNOWN',
    availableCredits: Math.max(
      0,
      sum(counted.map((allowance) => allowance.usageLimit - allowance.currentUsage)),
    ),
    usageLimit,
    currentUsage,
    breakdown,
  };
  if (data.userInfo?.email) limits.email = data.userInfo.email;
  if (typeof data.daysUntilReset === 'number') limits.daysUntilReset = data.daysUntilReset;
  if (data.nextDateReset) limits.nextDateReset = fromEpochSeconds(data.nextDateReset);
  return limits;
}

function countedAllowances(
  credit: UsageBreakdown | undefined,
): { usageLimit: number; currentUsage: number }[] {
  if (!credit) return [];
  const active = [credit.freeTrial, ...credit.bonuses].filter(
    (allowance): allowance is CreditAllowance => allowance?.status === 'ACTIVE',
  );
  return [credit, ...active];
}

// The *WithPrecision fields carry fractional credits; the plain ones are rounded or absent.
function limitsOf(allowance: Allowance): { usageLimit: number; currentUsage: number } {
  return {
    usageLimit: allowance.usageLimitWithPrecision ?? allowance.usageLimit ?? 0,
    currentUsage: allowance.currentUsageWithPrecision ?? allowance.currentUsage ?? 0,
  };
}

function withExpiry(allowance: CreditAllowance, expiry: number | null | undefined): CreditAllowance {
  if (expiry) allowance.expiresAt = fromEpochSeconds(expiry);
  return allowance;
}

function fromEpochSeconds(seconds: number): Date {
  return new Date(seconds * 1000);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
