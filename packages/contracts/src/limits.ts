/** The limits a user or key can have. 0 means no limit of that kind. */
export const limitNames = [
  'requestsPerMinute',
  'concurrentRequests',
  'dailyCredits',
  'monthlyCredits',
  'dailyTokens',
] as const;

export type LimitName = (typeof limitNames)[number];
export type LimitValues = Record<LimitName, number>;

export const noLimits: LimitValues = {
  requestsPerMinute: 0,
  concurrentRequests: 0,
  dailyCredits: 0,
  monthlyCredits: 0,
  dailyTokens: 0,
};

/**
 * What the gateway enforces for one user key, resolved by user-service: the user's limits (an admin's
 * override where set, else the defaults) and the key's own, which are never above the user's. Every
 * key of a user draws on the user's counters; a key's own limits add counters of its own.
 */
export interface CallerLimits {
  user: LimitValues;
  key: LimitValues;
}

export type LimitSubject = { kind: 'user' | 'key'; id: string };

export type LimitCounter =
  | { kind: 'rate'; key: string; windowMs: number }
  | { kind: 'slots'; key: string }
  /** `resetsAtMs`: the end of the UTC day or month the budget counts. */
  | { kind: 'budget'; key: string; resetsAtMs: number };

/**
 * Where the counter of one limit lives (gateway and user-service must agree) and, for budgets, when it
 * resets. Budgets count per UTC day or month, so the period is part of the key.
 */
export function limitCounter(name: LimitName, subject: LimitSubject, now: Date): LimitCounter {
  const who = `${subject.kind}:${subject.id}`;
  const day = now.toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  const dayEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  switch (name) {
    case 'requestsPerMinute':
      return { kind: 'rate', key: `rpm:${who}`, windowMs: 60_000 };
    case 'concurrentRequests':
      return { kind: 'slots', key: `conc:${who}` };
    case 'dailyCredits':
      return { kind: 'budget', key: `credits:${day}:${who}`, resetsAtMs: dayEnd };
    case 'monthlyCredits':
      return { kind: 'budget', key: `credits:${month}:${who}`, resetsAtMs: monthEnd };
    case 'dailyTokens':
      return { kind: 'budget', key: `tokens:${day}:${who}`, resetsAtMs: dayEnd };
    default:
      return name satisfies never;
  }
}
