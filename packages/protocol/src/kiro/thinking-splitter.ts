export type ThinkingChunk = { kind: 'thinking' | 'text'; text: string } | { kind: 'thinking-end' };

const openingTags = ['<thinking>', '<think>', '<reasoning>', '<thought>'];
const separator = '\n\n';
const quotes = ['`', '"', "'"];

type State =
  | { name: 'start'; buffer: string }
  | { name: 'thinking'; closeTag: string; buffer: string; skipNewline: boolean; lastChar: string }
  | { name: 'after-thinking'; buffer: string }
  | { name: 'text' };

/**
 * Separates `<thinking>…</thinking>` from the answer in a stream of text deltas
 * (docs/kiro-protocol.md#thinking-tags). An opening tag counts only at the start of the answer; one newline after it and the blank
 * line (or single newline) after the closing tag are layout, not content. A closing tag between a pair of quotes or
 * backticks is the model talking about the tag. Only a possible partial tag is ever held back.
 */
export class ThinkingSplitter {
  #state: State = { name: 'start', buffer: '' };

  push(text: string): ThinkingChunk[] {
    const out: ThinkingChunk[] = [];
    let input = text;
    while (input !== '') input = this.#step(input, out);
    return out;
  }

  /** Emits whatever is held back; later text passes through as answer text. */
  flush(): ThinkingChunk[] {
    const out: ThinkingChunk[] = [];
    const state = this.#state;
    if (state.name === 'start') emit(out, 'text', state.buffer);
    if (state.name === 'thinking') {
      const { buffer, closeTag } = state;
      emit(out, 'thinking', buffer.endsWith(closeTag) ? buffer.slice(0, -closeTag.length) : buffer);
      out.push({ kind: 'thinking-end' });
    }
    if (state.name === 'after-thinking' && !separator.startsWith(state.buffer))
      emit(out, 'text', state.buffer);
    this.#state = { name: 'text' };
    return out;
  }

  /** Consumes some of `input` and returns the rest still to process. */
  #step(input: string, out: ThinkingChunk[]): string {
    const state = this.#state;
    switch (state.name) {
      case 'text':
        emit(out, 'text', input);
        return '';
      case 'start':
        return this.#start(state.buffer + input);
      case 'thinking':
        return this.#thinking(state, input, out);
      case 'after-thinking': {
        const buffer = state.buffer + input;
        if (buffer !== separator && separator.startsWith(buffer)) {
          this.#state = { name: 'after-thinking', buffer };
          return '';
        }
        this.#state = { name: 'text' };
        // One newline is layout too: Kiro's repeated deltas are dropped, and so is the second "\n"
        // of a blank line that arrived as two "\n" deltas.
        return buffer.replace(/^\n\n?/, '');
      }
    }
  }

  #start(buffer: string): string {
    const trimmed = buffer.trimStart();
    const tag = openingTags.find((candidate) => trimmed.startsWith(candidate));
    if (tag !== undefined) {
      this.#state = {
        name: 'thinking',
        closeTag: `</${tag.slice(1)}`,
        buffer: '',
        skipNewline: true,
        lastChar: '',
      };
      return trimmed.slice(tag.length);
    }
    if (openingTags.some((candidate) => candidate.startsWith(trimmed))) {
      this.#state = { name: 'start', buffer };
      return '';
    }
    this.#state = { name: 'text' };
    return buffer;
  }

  #thinking(state: State & { name: 'thinking' }, input: string, out: ThinkingChunk[]): string {
    let buffer = state.buffer + input;
    if (state.skipNewline && buffer !== '') {
      if (buffer.startsWith('\n')) buffer = buffer.slice(1);
      state.skipNewline = buffer === '';
    }
    let from = 0;
    for (;;) {
      const at = buffer.indexOf(state.closeTag, from);
      if (at < 0) break;
      const before = at > 0 ? buffer[at - 1] : state.lastChar;
      const after = buffer[at + state.closeTag.length];
      const afterQuote = before !== undefined && quotes.includes(before);
      if (afterQuote && after === undefined) {
        // Whether the tag is quoted depends on the next character: wait for it.
        emit(out, 'thinking', buffer.slice(0, at));
        if (at > 0) state.lastChar = before;
        state.buffer = buffer.slice(at);
        return '';
      }
      if (!afterQuote || after !== before) {
        emit(out, 'thinking', buffer.slice(0, at));
        out.push({ kind: 'thinking-end' });
        this.#state = { name: 'after-thinking', buffer: '' };
        return buffer.slice(at + state.closeTag.length);
      }
      from = at + 1;
    }
    const hold = partialSuffixLength(buffer, state.closeTag);
    const ready = buffer.slice(0, buffer.length - hold);
    emit(out, 'thinking', ready);
    if (ready !== '') state.lastChar = ready.at(-1) ?? '';
    state.buffer = buffer.slice(ready.length);
    return '';
  }
}

function emit(out: ThinkingChunk[], kind: 'thinking' | 'text', text: string): void {
  if (text !== '') out.push({ kind, text });
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffixLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}
