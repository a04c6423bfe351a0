import { describe, expect, it } from 'vitest';
import { publicModelName } from './public-model-name.ts';
import { resolveModel } from './resolve-model.ts';

const kiroList = [
  'auto',
  'claude-sonnet-4',
  'claude-sonnet-4.5',
  'claude-sonnet-4.6',
  'claude-haiku-4.5',
  'claude-opus-4.5',
  'claude-opus-4.6',
  'CLAUDE_SONNET_4_5_20250929_V1_0',
  'CLAUDE_3_7_SONNET_20250219_V1_0',
  'qwen3-coder-next',
];

describe('publicModelName', () => {
  it('gives Anthropic-style names that normalise back to the listed id', () => {
    expect(publicModelName('claude-sonnet-4.5')).toBe('claude-sonnet-4-5');
    expect(publicModelName('CLAUDE_3_7_SONNET_20250219_V1_0')).toBe('claude-3-7-sonnet-20250219');
    expect(publicModelName('CLAUDE_SONNET_4_5_20250929_V1_0')).toBe('claude-sonnet-4-5-20250929');
    expect(publicModelName('auto')).toBe('auto');
    for (const id of kiroList.filter((id) => !id.startsWith('CLAUDE_SONNET'))) {
      expect(resolveModel(publicModelName(id), { available: kiroList, aliases: {} }).kiroModelId).toBe(id);
    }
  });
});
