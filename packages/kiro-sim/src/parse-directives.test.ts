import { describe, expect, it } from 'vitest';
import { parseDirectives } from './parse-directives.ts';

describe('parseDirectives', () => {
  it('reads a tool call whose JSON contains brackets and a closing-bracket pair', () => {
    const directives = parseDirectives('Go [[sim:call edit {"lines": [[1, 2]], "text": "a ]] b"}]] now');
    expect(directives.calls).toEqual([{ name: 'edit', input: '{"lines": [[1, 2]], "text": "a ]] b"}' }]);
    expect(directives.rest).toBe('Go  now');
    expect(directives.invalid).toEqual([]);
  });

  it('keeps several calls in order and defaults a bare call to empty arguments', () => {
    const directives = parseDirectives('[[sim:call a {"x": 1}]][[sim:call b]]');
    expect(directives.calls).toEqual([
      { name: 'a', input: '{"x": 1}' },
      { name: 'b', input: '{}' },
    ]);
  });

  it('reads faults with arguments, counts, delay, fragments and an exact reply', () => {
    const directives = parseDirectives(
      '[[sim:fault throttled:3]] [[sim:fault stall]] [[sim:text 40]] [[sim:delay 25]] [[sim:fragments 0]] [[sim:reply Hi there]]',
    );
    expect(directives.faults).toEqual([{ name: 'throttled', arg: '3' }, { name: 'stall' }]);
    expect(directives).toMatchObject({
      textDeltas: 40,
      delayMs: 25,
      fragments: 1,
      reply: 'Hi there',
      rest: '',
    });
  });

  it('reports unknown, malformed and unterminated directives without applying them', () => {
    const directives = parseDirectives(
      'a [[sim:fault nope]] b [[sim:call f {"open": 1]] c [[sim:text many]] d [[sim:call g ["not", "object"]]] e [[sim:text 5',
    );
    expect(directives.invalid).toEqual([
      '[[sim:fault nope]]',
      '[[sim:call f {"open": 1]]',
      '[[sim:text many]]',
      '[[sim:call g ["not", "object"]]]',
      '[[sim:text 5',
    ]);
    expect(directives.calls).toEqual([]);
    expect(directives.faults).toEqual([]);
    expect(directives.textDeltas).toBeUndefined();
  });

  it('leaves text without directives untouched', () => {
    expect(parseDirectives('  plain [sim] text [[not:sim]]  ')).toMatchObject({
      rest: 'plain [sim] text [[not:sim]]',
    });
  });
});
