import { describe, expect, it } from 'vitest';
import { contextWindowFor } from './context-window-for.ts';

describe('contextWindowFor', () => {
  it('uses the listed limit, then the static table, then 200k', () => {
    expect(contextWindowFor('claude-sonnet-4.5', 300_000)).toBe(300_000);
    expect(contextWindowFor('claude-opus-4.6')).toBe(1_000_000);
    expect(contextWindowFor('claude-sonnet-4.6', 0)).toBe(1_000_000);
    expect(contextWindowFor('claude-opus-4.5')).toBe(200_000);
    expect(contextWindowFor('qwen3-coder-next')).toBe(200_000);
  });
});
