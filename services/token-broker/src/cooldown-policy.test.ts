import { describe, expect, it } from 'vitest';
import { applyOutcome, defaultCooldownPolicy, emptyHealth } from './cooldown-policy.ts';

const policy = defaultCooldownPolicy;

describe('applyOutcome', () => {
  it('backs off throttled credentials exponentially and honours Retry-After', () => {
    let health = applyOutcome(emptyHealth(), { kind: 'throttled', latencyMs: 5 }, 1000, policy);
    expect(health.coolingUntil).toBe(1000 + 5_000);
    health = applyOutcome(health, { kind: 'throttled', latencyMs: 5 }, 7000, policy);
    expect(health.coolingUntil).toBe(7000 + 10_000);
    health = applyOutcome(health, { kind: 'throttled', latencyMs: 5, retryAfterSeconds: 60 }, 18_000, policy);
    expect(health.coolingUntil).toBe(18_000 + 60_000);
  });

  it('does not escalate on throttles reported during the cooldown they caused (one storm, one step)', () => {
    let health = applyOutcome(emptyHealth(), { kind: 'throttled', latencyMs: 5 }, 1000, policy);
    // Forty requests leased before the cooldown began come back throttled within the next seconds.
    for (let i = 1; i <= 40; i++) {
      health = applyOutcome(health, { kind: 'throttled', latencyMs: 5 }, 1000 + i * 100, policy);
    }
    expect(health.consecutiveThrottles).toBe(1);
    expect(health.coolingUntil).toBe(5000 + 5_000);
    expect(health.failures).toBe(41);
    // The storm goes on after the cooldown: now it doubles.
    health = applyOutcome(health, { kind: 'throttled', latencyMs: 5 }, 20_000, policy);
    expect(health.coolingUntil).toBe(20_000 + 10_000);
  });

  it('does not start another rest for errors of requests in flight when the rest began', () => {
    let health = emptyHealth();
    for (let i = 0; i < 3; i++)
      health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 0, policy);
    expect(health.coolingUntil).toBe(policy.errorCooldownMs);
    for (let i = 1; i <= 9; i++) {
      health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, i * 100, policy);
    }
    expect(health.coolingUntil).toBe(policy.errorCooldownMs);
    expect(health.failures).toBe(12);
  });

  it('rests a credential after repeated upstream errors, and a success resets the streak', () => {
    let health = emptyHealth();
    health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 0, policy);
    health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 0, policy);
    expect(health.coolingUntil).toBe(0);
    health = applyOutcome(health, { kind: 'success', latencyMs: 100 }, 0, policy);
    health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 0, policy);
    health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 0, policy);
    expect(health.coolingUntil).toBe(0);
    health = applyOutcome(health, { kind: 'upstream-error', latencyMs: 1 }, 10, policy);
    expect(health.coolingUntil).toBe(10 + policy.errorCooldownMs);
  });

  it('rests a quota-exhausted credential until the reset date when known, else the fallback', () => {
    const reset = 1000 + 10 * 86_400_000;
    const known = applyOutcome(
      emptyHealth(),
      { kind: 'quota-exhausted', latencyMs: 1, quotaResetAt: reset },
      1000,
      policy,
    );
    expect(known.coolingUntil).toBe(reset);
    expect(known.coolingReason).toBe('quota');
    const unknown = applyOutcome(emptyHealth(), { kind: 'quota-exhausted', latencyMs: 1 }, 1000, policy);
    expect(unknown.coolingUntil).toBe(1000 + policy.quotaFallbackMs);
    const past = applyOutcome(
      emptyHealth(),
      { kind: 'quota-exhausted', latencyMs: 1, quotaResetAt: 10 },
      1000,
      policy,
    );
    expect(past.coolingUntil).toBe(1000 + policy.quotaFallbackMs);
  });

  it('counts unauthorized outcomes until a success', () => {
    let health = applyOutcome(emptyHealth(), { kind: 'unauthorized', latencyMs: 1 }, 0, policy);
    health = applyOutcome(health, { kind: 'unauthorized', latencyMs: 1 }, 0, policy);
    expect(health.consecutiveUnauthorized).toBe(2);
    health = applyOutcome(health, { kind: 'success', latencyMs: 1 }, 0, policy);
    expect(health.consecutiveUnauthorized).toBe(0);
  });

  it('does not blame the credential for bad requests or client aborts', () => {
    const before = emptyHealth();
    expect(applyOutcome(before, { kind: 'bad-request', latencyMs: 1 }, 0, policy)).toEqual(before);
    expect(applyOutcome(before, { kind: 'client-abort', latencyMs: 1 }, 0, policy)).toEqual(before);
  });
});
