import { AppError } from '@kirogate/errors';
import type { RateLimiter, RateLimitRule } from '@kirogate/platform';

/** Each import may validate up to 500 tokens against Kiro, so imports are rarer. */
export const importRule: RateLimitRule = { limit: 10, windowMs: 3_600_000 };

/** One hit against `rule`; RATE_LIMITED with Retry-After when it is used up. */
export async function limit(rateLimiter: RateLimiter, key: string, rule: RateLimitRule): Promise<void> {
  const verdict = await rateLimiter.hit(key, rule);
  if (!verdict.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many requests; try again later', {
      retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
    });
  }
}
