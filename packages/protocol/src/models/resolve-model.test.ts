import { describe, expect, it } from 'vitest';
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

describe('resolveModel', () => {
  const catalog = { available: kiroList, aliases: { fast: 'claude-haiku-4.5' } };

  it('takes listed ids as they are', () => {
    expect(resolveModel('claude-sonnet-4.5', catalog)).toEqual({
      kiroModelId: 'claude-sonnet-4.5',
      reason: 'exact',
    });
    expect(resolveModel('qwen3-coder-next', catalog).reason).toBe('exact');
  });

  it('applies operator aliases', () => {
    expect(resolveModel('fast', catalog)).toEqual({ kiroModelId: 'claude-haiku-4.5', reason: 'alias' });
  });

  it('normalises client names onto listed ids', () => {
    expect(resolveModel('claude-sonnet-4-6-20260101', catalog)).toEqual({
      kiroModelId: 'claude-sonnet-4.6',
      reason: 'normalized',
    });
    expect(resolveModel('claude-3-7-sonnet-20250219', catalog).kiroModelId).toBe(
      'CLAUDE_3_7_SONNET_20250219_V1_0',
    );
  });

  it('maps an unlisted Claude name to the newest listed model of its family', () => {
    expect(resolveModel('claude-opus-5-5', catalog)).toEqual({
      kiroModelId: 'claude-opus-4.6',
      reason: 'family-fallback',
    });
    expect(resolveModel('claude-3-5-haiku-20241022', catalog)).toEqual({
      kiroModelId: 'claude-haiku-4.5',
      reason: 'family-fallback',
    });
    const legacyOnly = { available: ['CLAUDE_SONNET_4_5_20250929_V1_0', 'claude-sonnet-4.5'], aliases: {} };
    expect(resolveModel('claude-sonnet-9', legacyOnly).kiroModelId).toBe('claude-sonnet-4.5');
  });

  it('passes unknown names through and keeps normalisation when the list is unknown', () => {
    expect(resolveModel('gpt-4o', catalog)).toEqual({ kiroModelId: 'gpt-4o', reason: 'passthrough' });
    expect(resolveModel('claude-opus-4-7', { available: [], aliases: {} })).toEqual({
      kiroModelId: 'claude-opus-4.7',
      reason: 'normalized',
    });
    expect(resolveModel('claude-opus-4-7', { available: ['auto'], aliases: {} }).reason).toBe('normalized');
  });
});
