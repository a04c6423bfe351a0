import { describe, expect, it } from 'vitest';
import { shortenToolName } from './shorten-tool-name.ts';

describe('shortenToolName', () => {
  it('keeps names up to 64 characters', () => {
    const name = 'n'.repeat(64);
    expect(shortenToolName(name)).toBe(name);
  });

  it('shortens longer names to exactly 64 characters, keeping a prefix and staying distinct', () => {
    const a = `mcp__server__${'x'.repeat(60)}_a`;
    const b = `mcp__server__${'x'.repeat(60)}_b`;
    expect(shortenToolName(a)).toHaveLength(64);
    expect(shortenToolName(a).startsWith('mcp__server__xxx')).toBe(true);
    expect(shortenToolName(a)).not.toBe(shortenToolName(b));
    expect(shortenToolName(a)).toBe(shortenToolName(a));
  });
});
