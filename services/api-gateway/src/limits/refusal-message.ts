import type { LimitName } from '@kirogate/contracts';

export interface Refusal {
  name: LimitName | 'poolShare';
  subject: 'user' | 'key';
  limit: number;
  waitMs: number;
  /** For `poolShare`: the pool's in-flight capacity the share is taken from. */
  poolCapacity: number;
}

/** The 429 message: which limit, whose, and when to come back. */
export function refusalMessage(refusal: Refusal): string {
  const whose = refusal.subject === 'key' ? 'this key' : 'this account';
  const limit = refusal.limit.toLocaleString('en-US');
  switch (refusal.name) {
    case 'requestsPerMinute':
      return `Rate limit of ${limit} requests per minute exceeded for ${whose}; retry in ${duration(refusal.waitMs)}.`;
    case 'concurrentRequests':
      return `Concurrency limit of ${limit} requests at once reached for ${whose}; retry when one of them finishes.`;
    case 'dailyCredits':
      return `Daily credit budget of ${limit} exceeded for ${whose}; resets in ${duration(refusal.waitMs)}.`;
    case 'monthlyCredits':
      return `Monthly credit budget of ${limit} exceeded for ${whose}; resets in ${duration(refusal.waitMs)}.`;
    case 'dailyTokens':
      return `Daily token budget of ${limit} exceeded for ${whose}; resets in ${duration(refusal.waitMs)}.`;
    case 'poolShare':
      return `Public pool share reached: ${whose} may hold ${limit} of the pool's ${refusal.poolCapacity.toLocaleString('en-US')} concurrent requests; retry when one of them finishes.`;
    default:
      return refusal.name satisfies never;
  }
}

/** `45s`, `12m`, `3h`, `12d`: one unit, rounded up, as people read a reset time (`90s`, not `2m`). */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.ceil(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.ceil(seconds / 3_600)}h`;
  return `${Math.ceil(seconds / 86_400)}d`;
}
