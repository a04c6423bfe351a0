import { describe, expect, it } from 'vitest';
import { diagnoseTruncatedJson } from './diagnose-truncated-json.ts';

describe('diagnoseTruncatedJson (case 10)', () => {
  it('names an unclosed string', () => {
    expect(diagnoseTruncatedJson('{"path": "a.txt", "content": "abc')).toBe('unclosed string literal');
  });

  it('counts missing closing braces and brackets', () => {
    expect(diagnoseTruncatedJson('{"a": 1')).toBe('missing 1 closing brace(s)');
    expect(diagnoseTruncatedJson('{"a": [1, {"b": [')).toBe(
      'missing 2 closing brace(s), missing 2 closing bracket(s)',
    );
  });

  it('does not flag valid nested JSON or brackets inside strings', () => {
    expect(diagnoseTruncatedJson('{"a": {"b": [1, 2]}, "c": "}{\\"["}')).toBeUndefined();
  });
});
