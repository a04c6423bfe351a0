import { describe, expect, it } from 'vitest';
import { normalizeModelName } from './normalize-model-name.ts';

describe('normalizeModelName (case 21)', () => {
  it.each([
    ['claude-haiku-4-5-20251001', 'claude-haiku-4.5'],
    ['claude-sonnet-4-5', 'claude-sonnet-4.5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-3-7-sonnet-20250219', 'CLAUDE_3_7_SONNET_20250219_V1_0'],
    ['claude-3.7-sonnet', 'CLAUDE_3_7_SONNET_20250219_V1_0'],
    ['claude-4.5-opus-high', 'claude-opus-4.5'],
    ['auto-kiro', 'auto'],
    ['gpt-4o', 'gpt-4o'],
    ['claude-opus-4-5-latest', 'claude-opus-4.5'],
    ['claude-sonnet-4.5-20250929', 'claude-sonnet-4.5'],
    ['Claude-Sonnet-4-6', 'claude-sonnet-4.6'],
    ['claude-3-5-sonnet-20241022', 'claude-3.5-sonnet'],
    ['CLAUDE_SONNET_4_5_20250929_V1_0', 'CLAUDE_SONNET_4_5_20250929_V1_0'],
    ['claude-sonnet-4-5-thinking', 'claude-sonnet-4-5-thinking'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeModelName(name)).toBe(expected);
  });
});
