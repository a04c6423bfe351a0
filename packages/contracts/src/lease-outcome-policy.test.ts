import { errorCodes } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import type { OutcomeKind } from './credential-broker.ts';
import { outcomeKindFor, outcomePolicy } from './lease-outcome-policy.ts';

describe('lease outcome policy', () => {
  it('blames the credential exactly for throttling, upstream errors, auth, quota and suspension', () => {
    const kinds: OutcomeKind[] = [
      'success',
      'throttled',
      'unauthorized',
      'quota-exhausted',
      'suspended',
      'upstream-error',
      'bad-request',
      'client-abort',
      'gateway-error',
    ];
    const blamed = kinds.filter((kind) => outcomePolicy(kind).blamesCredential);
    expect(blamed).toEqual(['throttled', 'unauthorized', 'quota-exhausted', 'suspended', 'upstream-error']);
    const bound = kinds.filter((kind) => outcomePolicy(kind).boundToCredential);
    expect(bound).toEqual(['unauthorized', 'quota-exhausted', 'suspended']);
  });

  it('never blames a credential for a failure on our side or in the request itself', () => {
    for (const code of ['INTERNAL', 'RATE_LIMITED', 'CONTEXT_TOO_LONG', 'INVALID_REQUEST'] as const) {
      expect(outcomePolicy(outcomeKindFor(code)).blamesCredential).toBe(false);
    }
  });

  it('maps every error code', () => {
    for (const code of errorCodes) expect(outcomeKindFor(code)).toBeTypeOf('string');
    expect(outcomeKindFor('UPSTREAM_THROTTLED')).toBe('throttled');
    expect(outcomeKindFor('UPSTREAM_TIMEOUT')).toBe('upstream-error');
  });
});
