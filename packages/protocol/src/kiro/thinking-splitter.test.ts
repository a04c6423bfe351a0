import { splitAtRandom } from '@kirogate/testing/random';
import { describe, expect, it } from 'vitest';
import { type ThinkingChunk, ThinkingSplitter } from './thinking-splitter.ts';

/** Feeds `text` in random pieces and returns the joined thinking/text and whether thinking ended. */
function split(text: string, seed: number) {
  const splitter = new ThinkingSplitter();
  const chunks: ThinkingChunk[] = [];
  for (const piece of splitAtRandom(text, seed, 7, 1)) chunks.push(...splitter.push(piece));
  chunks.push(...splitter.flush());
  let thinking = '';
  let answer = '';
  let ends = 0;
  for (const chunk of chunks) {
    if (chunk.kind === 'thinking-end') ends++;
    else if (chunk.kind === 'thinking') {
      expect(ends, 'thinking after its end').toBe(0);
      thinking += chunk.text;
    } else answer += chunk.text;
  }
  return { thinking, answer, ends };
}

const seeds = Array.from({ length: 40 }, (_, index) => index + 1);

describe('ThinkingSplitter', () => {
  it.each(seeds)('separates thinking from the answer however the text is cut (seed %i)', (seed) => {
    expect(split('<thinking>\nLet me think.\nTwo steps.\n</thinking>\n\nThe answer is 4.', seed)).toEqual({
      thinking: 'Let me think.\nTwo steps.\n',
      answer: 'The answer is 4.',
      ends: 1,
    });
  });

  it.each(seeds)('passes text without an opening tag through untouched (seed %i)', (seed) => {
    const text = 'Use <thinking> tags like this: </thinking>\n\nok';
    expect(split(text, seed)).toEqual({ thinking: '', answer: text, ends: 0 });
  });

  it('accepts the other tag names and leading whitespace', () => {
    expect(split('  <think>a</think>\n\nb', 3)).toEqual({ thinking: 'a', answer: 'b', ends: 1 });
    expect(split('<reasoning>r</reasoning>x', 3)).toEqual({ thinking: 'r', answer: 'x', ends: 1 });
  });

  it.each(seeds)('ignores a quoted closing tag inside thinking (seed %i)', (seed) => {
    expect(split('<thinking>the `</thinking>` tag and "</thinking>"</thinking>\n\ndone', seed)).toEqual({
      thinking: 'the `</thinking>` tag and "</thinking>"',
      answer: 'done',
      ends: 1,
    });
  });

  it.each(seeds)('closes on a tag that merely follows a quoted word (seed %i)', (seed) => {
    expect(split('<thinking>say "hi"</thinking>\n\nok', seed)).toEqual({
      thinking: 'say "hi"',
      answer: 'ok',
      ends: 1,
    });
  });

  it('ends an unterminated thinking block when the stream ends', () => {
    expect(split('<thinking>\nstill going</thin', 5)).toEqual({
      thinking: 'still going</thin',
      answer: '',
      ends: 1,
    });
  });

  it('holds back no more than a partial tag', () => {
    const splitter = new ThinkingSplitter();
    expect(splitter.push('<thinking>abc</thi')).toEqual([{ kind: 'thinking', text: 'abc' }]);
    expect(splitter.push('nking>\n')).toEqual([{ kind: 'thinking-end' }]);
    expect(splitter.push('\nanswer')).toEqual([{ kind: 'text', text: 'answer' }]);
  });

  it('does not hold answer text once the start is decided', () => {
    const splitter = new ThinkingSplitter();
    expect(splitter.push('<t')).toEqual([]);
    expect(splitter.push('able>')).toEqual([{ kind: 'text', text: '<table>' }]);
    expect(splitter.push('</thinking>')).toEqual([{ kind: 'text', text: '</thinking>' }]);
  });
});
