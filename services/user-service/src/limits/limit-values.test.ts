import { noLimits } from '@kirogate/contracts';
import { isAppError } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  checkKeyWithinUser,
  keyLimits,
  parseLimitPatch,
  storedLimits,
  userLimits,
} from './limit-values.ts';

const defaults = {
  requestsPerMinute: 20,
  concurrentRequests: 4,
  dailyCredits: 50,
  monthlyCredits: 500,
  dailyTokens: 5_000_000,
};

function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return isAppError(error)
      ? { code: error.code, message: error.message, param: error.details.param }
      : error;
  }
  throw new Error('expected an error');
}

describe('limit values', () => {
  it('parses numbers, numeric form strings and null; leaves absent names alone', () => {
    expect(
      parseLimitPatch({
        requests_per_minute: 10,
        daily_credits: '12.5',
        monthly_credits: null,
        csrf_token: 'x',
      }),
    ).toEqual({ requestsPerMinute: 10, dailyCredits: 12.5, monthlyCredits: null });
  });

  it('refuses negatives, fractions where whole numbers are due, and text, naming the field', () => {
    expect(errorOf(() => parseLimitPatch({ concurrent_requests: -1 }))).toMatchObject({
      code: 'INVALID_REQUEST',
      param: 'concurrent_requests',
    });
    expect(errorOf(() => parseLimitPatch({ daily_tokens: 1.5 }))).toMatchObject({ param: 'daily_tokens' });
    expect(errorOf(() => parseLimitPatch({ daily_credits: 'lots' }))).toMatchObject({
      param: 'daily_credits',
    });
    expect(errorOf(() => parseLimitPatch({ requests_per_minute: true }))).toMatchObject({
      param: 'requests_per_minute',
    });
  });

  it('applies overrides over the defaults, and null gives the default back', () => {
    const overrides = applyPatch({}, { dailyCredits: 200, concurrentRequests: 0 });
    expect(userLimits(defaults, overrides)).toEqual({
      ...defaults,
      dailyCredits: 200,
      concurrentRequests: 0,
    });
    expect(userLimits(defaults, applyPatch(overrides, { dailyCredits: null }))).toEqual({
      ...defaults,
      concurrentRequests: 0,
    });
  });

  it('ignores unknown or broken stored values', () => {
    expect(storedLimits({ dailyCredits: 3, bogus: 1, dailyTokens: -5 })).toEqual({ dailyCredits: 3 });
    expect(keyLimits({ dailyCredits: 3 })).toEqual({ ...noLimits, dailyCredits: 3 });
  });

  it('keeps a key at or below its owner, naming the field that is above', () => {
    expect(() => checkKeyWithinUser({ dailyCredits: 50, requestsPerMinute: 0 }, defaults)).not.toThrow();
    expect(errorOf(() => checkKeyWithinUser({ dailyCredits: 50.5 }, defaults))).toMatchObject({
      code: 'INVALID_REQUEST',
      param: 'daily_credits',
      message: 'daily_credits of 50.5 is above your own limit of 50',
    });
    // A user without a limit of that kind lets the key set any.
    expect(() => checkKeyWithinUser({ dailyTokens: 10 ** 9 }, { ...defaults, dailyTokens: 0 })).not.toThrow();
  });
});
