import { describe, expect, it } from 'vitest';
import { parseBracketToolCalls } from './parse-bracket-tool-calls.ts';

describe('parseBracketToolCalls (case 9)', () => {
  it('reads every call with its JSON arguments', () => {
    const text =
      'a [Called get_weather with args: {"city": "London"}] b [Called  search  with args:{"q": "x]"}] c';
    expect(parseBracketToolCalls(text)).toEqual([
      { name: 'get_weather', args: '{"city": "London"}' },
      { name: 'search', args: '{"q": "x]"}' },
    ]);
  });

  it('skips incomplete JSON and non-object arguments', () => {
    expect(parseBracketToolCalls('[Called f with args: {"a": ')).toEqual([]);
    expect(parseBracketToolCalls('[Called f with args: [1, 2]]')).toEqual([]);
    expect(parseBracketToolCalls('[Called f with args: {a: 1}]')).toEqual([]);
  });
});
