import { describe, expect, it } from 'vitest';
import { TokenCalibrator } from './token-calibrator.ts';

describe('TokenCalibrator', () => {
  it('reports the raw estimate until Kiro has told us anything', () => {
    expect(new TokenCalibrator().calibrate('claude-sonnet-4.5', 1234)).toBe(1234);
  });

  it('moves toward what Kiro counted, per model', () => {
    const calibrator = new TokenCalibrator({ weight: 0.5 });
    // Kiro: 25.5 % of 200000 = 51000 in total, 1000 of them output → 50000 input; we estimated 40000.
    calibrator.observe('m', {
      estimatedInputTokens: 40000,
      outputTokens: 1000,
      contextUsagePercentage: 25.5,
      contextWindow: 200000,
    });
    expect(calibrator.factor('m')).toBeCloseTo(1.125, 5);
    expect(calibrator.calibrate('m', 40000)).toBe(45000);
    expect(calibrator.calibrate('other', 40000)).toBe(40000);
  });

  it('ignores samples that cannot be trusted and bounds the correction', () => {
    const calibrator = new TokenCalibrator({ weight: 1 });
    calibrator.observe('m', {
      estimatedInputTokens: 50,
      outputTokens: 0,
      contextUsagePercentage: 10,
      contextWindow: 200000,
    });
    calibrator.observe('m', {
      estimatedInputTokens: 5000,
      outputTokens: 0,
      contextUsagePercentage: 0,
      contextWindow: 200000,
    });
    expect(calibrator.factor('m')).toBe(1);
    calibrator.observe('m', {
      estimatedInputTokens: 1000,
      outputTokens: 0,
      contextUsagePercentage: 50,
      contextWindow: 200000,
    });
    expect(calibrator.factor('m')).toBe(2);
  });
});
