import { describe, expect, it } from 'vitest';
import type { ChatSettings } from './chat-settings.ts';
import { settingsForModel } from './settings-for-model.ts';

const settings = {
  firstTokenTimeoutMs: 1000,
  streamReadTimeoutMs: 2000,
  nonStreamTimeoutMs: 3000,
  heartbeatMs: 15_000,
  slowModelTimeoutMultiplier: 3,
} as ChatSettings;

describe('settingsForModel', () => {
  it('multiplies the timeouts of opus models only', () => {
    expect(settingsForModel(settings, 'claude-opus-4.5')).toMatchObject({
      firstTokenTimeoutMs: 3000,
      streamReadTimeoutMs: 6000,
      nonStreamTimeoutMs: 9000,
      heartbeatMs: 15_000,
    });
    expect(settingsForModel(settings, 'CLAUDE_OPUS_4_20250514_V1_0').firstTokenTimeoutMs).toBe(3000);
    expect(settingsForModel(settings, 'claude-sonnet-4.5')).toBe(settings);
    expect(
      settingsForModel({ ...settings, slowModelTimeoutMultiplier: 1 }, 'claude-opus-4.5').firstTokenTimeoutMs,
    ).toBe(1000);
  });
});
