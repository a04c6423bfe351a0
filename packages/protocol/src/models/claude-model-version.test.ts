import { describe, expect, it } from 'vitest';
import { claudeModelVersion } from './claude-model-version.ts';

describe('claudeModelVersion', () => {
  it('reads every spelling', () => {
    expect(claudeModelVersion('CLAUDE_SONNET_4_5_20250929_V1_0')).toEqual({
      family: 'sonnet',
      major: 4,
      minor: 5,
    });
    expect(claudeModelVersion('CLAUDE_3_7_SONNET_20250219_V1_0')).toEqual({
      family: 'sonnet',
      major: 3,
      minor: 7,
    });
    expect(claudeModelVersion('claude-sonnet-4')).toEqual({ family: 'sonnet', major: 4, minor: 0 });
    expect(claudeModelVersion('auto')).toBeUndefined();
  });
});
