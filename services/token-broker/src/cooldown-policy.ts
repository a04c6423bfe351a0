import type { OutcomeKind } from '@kirogate/contracts';

export interface CooldownPolicy {
  /** First throttling cooldown; doubles with each consecutive throttle, up to `throttleMaxMs`. */
  throttleBaseMs: number;
  throttleMaxMs: number;
  /** Without a known reset date from getUsageLimits, a quota-exhausted credential rests this long. */
  quotaFallbackMs: number;
  /** Consecutive upstream errors before a short rest. */
  errorThreshold: number;
  errorCooldownMs: number;
}

export const defaultCooldownPolicy: CooldownPolicy = {
  throttleBaseMs: 5_000,
  throttleMaxMs: 300_000,
  quotaFallbackMs: 3_600_000,
  errorThreshold: 3,
  errorCooldownMs: 30_000,
};

export interface CredentialHealth {
  consecutiveThrottles: number;
  consecutiveErrors: number;
  /** Unauthorized outcomes since the last success; the second one takes the credential out. */
  consecutiveUnauthorized: number;
  coolingUntil: number;
  /** Why the latest cooldown started (a metric label and the pool view), empty when none. */
  coolingReason: CooldownClass | '';
  successes: number;
  failures: number;
  /** Exponentially weighted latency of successful requests. */
  latencyMs: number;
}

export type CooldownClass = 'throttled' | 'quota' | 'errors';

export function emptyHealth(): CredentialHealth {
  return {
    consecutiveThrottles: 0,
    consecutiveErrors: 0,
    consecutiveUnauthorized: 0,
    coolingUntil: 0,
    coolingReason: '',
    successes: 0,
    failures: 0,
    latencyMs: 0,
  };
}

export interface AppliedOutcome {
  kind: OutcomeKind;
  latencyMs: number;
  retryAfterSeconds?: number;
  /** For quota-exhausted: when the account's quota resets (getUsageLimits), epoch ms, if known. */
  quotaResetAt?: number;
}

/** Applies one outcome to a credential's health and returns the new state (a pure function). */
export function applyOutcome(
  health: CredentialHealth,
  outcome: AppliedOutcome,
  now: number,
  policy: CooldownPolicy,
): CredentialHealth {
  const next = { ...emptyHealth(), ...health };
  switch (outcome.kind) {
    case 'success':
      next.successes += 1;
      next.consecutiveErrors = 0;
      next.consecutiveThrottles = 0;
      next.consecutiveUnauthorized = 0;
      next.latencyMs =
        next.latencyMs === 0 ? outcome.latencyMs : next.latencyMs * 0.8 + outcome.latencyMs * 0.2;
      return next;
    case 'throttled': {
      next.failures += 1;
      // Requests leased before a cooldown began report their throttles during it: one episode, not
      // a streak. Only a throttle after the cooldown ended doubles the next one.
      if (!coolingFor(health, 'throttled', now)) next.consecutiveThrottles += 1;
      const backoff = Math.min(
        policy.throttleMaxMs,
        policy.throttleBaseMs * 2 ** (next.consecutiveThrottles - 1),
      );
      const hinted = (outcome.retryAfterSeconds ?? 0) * 1000;
      return coolUntil(next, now + Math.max(backoff, hinted), 'throttled');
    }
    case 'quota-exhausted': {
      next.failures += 1;
      const until =
        outcome.quotaResetAt !== undefined && outcome.quotaResetAt > now
          ? outcome.quotaResetAt
          : now + policy.quotaFallbackMs;
      return coolUntil(next, until, 'quota');
    }
    case 'upstream-error':
      next.failures += 1;
      // Errors of requests already in flight when the rest began do not start another rest.
      if (coolingFor(health, 'errors', now)) return next;
      next.consecutiveErrors += 1;
      if (next.consecutiveErrors >= policy.errorThreshold) {
        next.consecutiveErrors = 0;
        return coolUntil(next, now + policy.errorCooldownMs, 'errors');
      }
      return next;
    case 'unauthorized':
      next.failures += 1;
      next.consecutiveUnauthorized += 1;
      return next;
    case 'suspended':
      next.failures += 1;
      return next;
    case 'bad-request':
    case 'client-abort':
    case 'gateway-error':
      // None says anything about the credential.
      return next;
  }
}

function coolingFor(health: CredentialHealth, reason: CooldownClass, now: number): boolean {
  return health.coolingReason === reason && health.coolingUntil > now;
}

function coolUntil(health: CredentialHealth, until: number, reason: CooldownClass): CredentialHealth {
  if (until > health.coolingUntil) {
    health.coolingUntil = until;
    health.coolingReason = reason;
  }
  return health;
}
