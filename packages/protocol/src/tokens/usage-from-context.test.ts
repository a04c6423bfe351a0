import { describe, expect, it } from 'vitest';
import { usageFromContext } from './usage-from-context.ts';

describe('usageFromContext (case 22)', () => {
  it('derives prompt tokens from the context percentage minus the output', () => {
    expect(usageFromContext(25.5, 200_000, 769)).toEqual({
      inputTokens: 50_231,
      outputTokens: 769,
      totalTokens: 51_000,
    });
  });

  it('does not lose a token to binary rounding and never goes negative', () => {
    expect(usageFromContext(29, 100, 0)?.totalTokens).toBe(29);
    expect(usageFromContext(0.001, 200_000, 500)).toEqual({
      inputTokens: 0,
      outputTokens: 500,
      totalTokens: 2,
    });
  });

  it('has nothing to say without a positive percentage', () => {
    expect(usageFromContext(0, 200_000, 5)).toBeUndefined();
    expect(usageFromContext(Number.NaN, 200_000, 5)).toBeUndefined();
  });
});
