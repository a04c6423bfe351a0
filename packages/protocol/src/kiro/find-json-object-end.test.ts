import { describe, expect, it } from 'vitest';
import { findJsonObjectEnd } from './find-json-object-end.ts';

describe('findJsonObjectEnd (case 9)', () => {
  it('finds the closing brace of nested objects', () => {
    expect(findJsonObjectEnd('{"a": {"b": 1}}', 0)).toBe(14);
  });

  it('ignores braces inside strings, also after escaped quotes', () => {
    expect(findJsonObjectEnd('{"a": "{}"}', 0)).toBe(10);
    expect(findJsonObjectEnd('x {"a": "\\"}"} y', 2)).toBe(13);
  });

  it('returns -1 for incomplete JSON or a start that is not a brace', () => {
    expect(findJsonObjectEnd('{"a": {"b": 1}', 0)).toBe(-1);
    expect(findJsonObjectEnd('[1]', 0)).toBe(-1);
  });
});
