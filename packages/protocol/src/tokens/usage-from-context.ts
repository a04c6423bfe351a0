export interface ContextUsageTokens {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/**
 * Token usage from Kiro's contextUsagePercentage (docs/kiro-protocol.md#token-accounting): the percentage covers prompt
 * and output, so the prompt is what is left after the counted output. Undefined when Kiro reported no
 * usable percentage, in which case callers fall back to an estimate.
 */
export function usageFromContext(
  percentage: number,
  window: number,
  outputTokens: number,
): ContextUsageTokens | undefined {
  if (!Number.isFinite(percentage) || percentage <= 0 || window <= 0) return undefined;
  // The epsilon absorbs binary rounding (29 × 100 / 100 must stay 29, not 28.999…).
  const totalTokens = Math.floor((percentage * window) / 100 + 1e-6);
  return { inputTokens: Math.max(0, totalTokens - outputTokens), outputTokens, totalTokens };
}
