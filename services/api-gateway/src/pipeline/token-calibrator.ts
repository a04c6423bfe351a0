export interface CalibrationSample {
  /** The tokenizer's estimate for the prompt that was sent. */
  estimatedInputTokens: number;
  outputTokens: number;
  contextUsagePercentage: number;
  contextWindow: number;
}

/**
 * Our tokenizer is not Claude's. Kiro reports the share of the context window a request used, which
 * tells the real prompt size after the fact. This keeps a per-model correction factor (a slow moving
 * average, bounded) so that `count_tokens` and the `input_tokens` we report before the answer — which
 * must agree with each other — also track what Kiro counts.
 */
export class TokenCalibrator {
  readonly #factors = new Map<string, number>();
  readonly #weight: number;

  constructor(options: { weight?: number } = {}) {
    this.#weight = options.weight ?? 0.1;
  }

  calibrate(model: string, estimatedTokens: number): number {
    return Math.max(1, Math.round(estimatedTokens * (this.#factors.get(model) ?? 1)));
  }

  observe(model: string, sample: CalibrationSample): void {
    if (sample.contextUsagePercentage <= 0 || sample.contextUsagePercentage >= 100) return;
    if (sample.estimatedInputTokens < 200) return;
    const reportedTotal = (sample.contextUsagePercentage / 100) * sample.contextWindow;
    const reportedInput = reportedTotal - sample.outputTokens;
    if (reportedInput <= 0) return;
    const ratio = clamp(reportedInput / sample.estimatedInputTokens, 0.5, 2);
    const previous = this.#factors.get(model) ?? 1;
    this.#factors.set(model, previous + (ratio - previous) * this.#weight);
  }

  factor(model: string): number {
    return this.#factors.get(model) ?? 1;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
