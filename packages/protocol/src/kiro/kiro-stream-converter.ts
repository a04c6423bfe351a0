import { createHash } from 'node:crypto';
import type { FinishReason, StreamEvent, Usage } from '../canonical/index.ts';
import { countTokens } from '../tokens/count-tokens.ts';
import { classifyKiroException } from './classify-kiro-exception.ts';
import { parseBracketToolCalls } from './parse-bracket-tool-calls.ts';
import { type ThinkingChunk, ThinkingSplitter } from './thinking-splitter.ts';
import { ToolCallAssembler } from './tool-call-assembler.ts';
import type { KiroEvent } from './types.ts';

export interface FromKiroEventsOptions {
  /** The client asked for thinking, so `<thinking>` at the start of the answer is parsed out. */
  thinkingRequested: boolean;
  /** Shortened tool name → original, from `toKiroRequest`. */
  toolNameMap: Readonly<Record<string, string>>;
  /** The prompt estimate already reported to the client (`estimateInputTokens`). */
  inputTokens: number;
}

/**
 * Turns Kiro events into canonical stream events, one event at a time. Text, thinking and tool calls
 * are delegated to `ThinkingSplitter` and `ToolCallAssembler`; this class keeps only what the final
 * `finish` event needs.
 */
export class KiroStreamConverter {
  readonly #options: FromKiroEventsOptions;
  readonly #splitter: ThinkingSplitter | undefined;
  readonly #tools: ToolCallAssembler;
  #answer = '';
  #thinking = '';
  /** Native thinking text since the last signature. */
  #nativeThinking = '';
  #previousContent: string | undefined;
  #credits: number | undefined;
  #contextPercentage: number | undefined;
  #stopReason: string | undefined;
  #cacheRead: number | undefined;
  #cacheWrite: number | undefined;
  #lengthExceeded = false;
  #failed = false;

  constructor(options: FromKiroEventsOptions) {
    this.#options = options;
    this.#splitter = options.thinkingRequested ? new ThinkingSplitter() : undefined;
    this.#tools = new ToolCallAssembler(options.toolNameMap);
  }

  /** An exception or error frame ended the answer; nothing follows the `error` event. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Appends what `event` becomes to `out`: a content frame adds one event and no array (the hot path). */
  push(event: KiroEvent, out: StreamEvent[]): void {
    if (this.#failed) return;
    const previousContent = this.#previousContent;
    this.#previousContent = undefined;
    switch (event.type) {
      case 'content':
        this.#previousContent = event.content;
        // Kiro sometimes repeats a delta: one equal to the delta right before it is dropped (docs/kiro-protocol.md#quirks).
        if (event.content === '' || event.content === previousContent) return;
        append(out, this.#tools.flush());
        this.#closeNativeThinking(out);
        this.#text(event.content, out);
        return;
      case 'tool-use':
        this.#flushText(out);
        this.#closeNativeThinking(out);
        append(out, this.#tools.push(event));
        return;
      case 'reasoning':
        this.#flushText(out);
        append(out, this.#tools.flush());
        this.#reasoning(event, out);
        return;
      case 'metering':
        this.#credits = (this.#credits ?? 0) + event.credits;
        append(out, this.#tools.flush());
        out.push({ type: 'metering', credits: event.credits });
        return;
      case 'context-usage':
        this.#contextPercentage = event.percentage;
        append(out, this.#tools.flush());
        out.push({ type: 'context-usage', percentage: event.percentage });
        return;
      case 'metadata':
        if (event.stopReason !== undefined) this.#stopReason = event.stopReason;
        if (event.tokenUsage?.cacheReadInputTokens !== undefined)
          this.#cacheRead = event.tokenUsage.cacheReadInputTokens;
        if (event.tokenUsage?.cacheWriteInputTokens !== undefined)
          this.#cacheWrite = event.tokenUsage.cacheWriteInputTokens;
        return;
      case 'exception':
      case 'error':
        this.#fail(event, out);
        return;
      case 'followup-prompt':
      case 'unknown':
        return;
    }
  }

  end(): StreamEvent[] {
    if (this.#failed) return [];
    const out: StreamEvent[] = [];
    this.#flushText(out);
    this.#closeNativeThinking(out);
    append(out, this.#tools.flush());
    const outputTokens =
      countTokens(this.#answer) +
      countTokens(this.#thinking) +
      this.#tools.completed.reduce((sum, call) => sum + countTokens(call.args), 0);
    parseBracketToolCalls(this.#answer).forEach((call, ordinal) => {
      append(out, this.#tools.add(bracketCallId(this.#answer, ordinal), call.name, call.args));
    });
    const usage: Usage = { inputTokens: this.#options.inputTokens, outputTokens };
    if (this.#credits !== undefined) usage.credits = this.#credits;
    if (this.#contextPercentage !== undefined) usage.contextUsagePercentage = this.#contextPercentage;
    if (this.#cacheRead !== undefined) usage.cacheReadInputTokens = this.#cacheRead;
    if (this.#cacheWrite !== undefined) usage.cacheWriteInputTokens = this.#cacheWrite;
    // Kiro's last event is contextUsageEvent; a stream that ends without it was cut off.
    const truncated = this.#contextPercentage === undefined && !this.#lengthExceeded;
    out.push({ type: 'finish', reason: this.#finishReason(), usage, truncated });
    return out;
  }

  #fail(event: KiroEvent & { type: 'exception' | 'error' }, out: StreamEvent[]): void {
    const error =
      event.type === 'exception'
        ? classifyKiroException(event.exceptionType, event.message)
        : classifyKiroException(event.errorCode, event.errorMessage);
    // Past the first output token an overflow means the answer was cut, as with max_tokens (docs/kiro-protocol.md#event-payloads).
    if (error.code === 'CONTEXT_TOO_LONG' && this.#hasOutput()) {
      this.#lengthExceeded = true;
      return;
    }
    this.#failed = true;
    this.#flushText(out);
    out.push({ type: 'error', error });
  }

  /** Native thinking: deltas, closed by Kiro's own signature (or ours, if the run just stops). */
  #reasoning(event: KiroEvent & { type: 'reasoning' }, out: StreamEvent[]): void {
    if (event.text !== '') {
      this.#thinking += event.text;
      this.#nativeThinking += event.text;
      out.push({ type: 'thinking-delta', text: event.text });
    }
    if (event.signature !== undefined) {
      this.#nativeThinking = '';
      out.push({ type: 'thinking-end', signature: event.signature });
    }
    if (event.redactedContent !== undefined) {
      this.#closeNativeThinking(out);
      out.push({ type: 'thinking-end', signature: '', redacted: event.redactedContent });
    }
  }

  /** A native thinking run that ended without a signature gets ours, so its block is closed. */
  #closeNativeThinking(out: StreamEvent[]): void {
    if (this.#nativeThinking === '') return;
    const signature = thinkingSignature(this.#nativeThinking);
    this.#nativeThinking = '';
    out.push({ type: 'thinking-end', signature });
  }

  #text(content: string, out: StreamEvent[]): void {
    if (this.#splitter === undefined) {
      this.#answer += content;
      out.push({ type: 'text-delta', text: content });
      return;
    }
    for (const chunk of this.#splitter.push(content)) out.push(this.#fromChunk(chunk));
  }

  #flushText(out: StreamEvent[]): void {
    if (this.#splitter) for (const chunk of this.#splitter.flush()) out.push(this.#fromChunk(chunk));
  }

  #fromChunk(chunk: ThinkingChunk): StreamEvent {
    if (chunk.kind === 'thinking-end')
      return { type: 'thinking-end', signature: thinkingSignature(this.#thinking) };
    if (chunk.kind === 'thinking') {
      this.#thinking += chunk.text;
      return { type: 'thinking-delta', text: chunk.text };
    }
    this.#answer += chunk.text;
    return { type: 'text-delta', text: chunk.text };
  }

  #hasOutput(): boolean {
    return this.#answer !== '' || this.#thinking !== '' || this.#tools.completed.length > 0;
  }

  #finishReason(): FinishReason {
    if (this.#stopReason === 'CONTENT_FILTERED') return 'content-filter';
    if (this.#lengthExceeded || this.#stopReason === 'MAX_TOKENS') return 'length';
    // Finished tool calls must reach the client even if the window filled up: the next request needs
    // a result for each of them.
    if (this.#tools.completed.length > 0) return 'tool-calls';
    if (this.#contextPercentage !== undefined && this.#contextPercentage >= 100)
      return 'context-window-exceeded';
    return 'stop';
  }
}

function append(out: StreamEvent[], events: readonly StreamEvent[]): void {
  for (const event of events) out.push(event);
}

/** Thinking blocks need a signature; ours is derived from the text so it is stable and pure. */
function thinkingSignature(thinking: string): string {
  return `sig_${createHash('sha256').update(thinking).digest('hex').slice(0, 32)}`;
}

function bracketCallId(answer: string, ordinal: number): string {
  return `call_${createHash('sha256').update(`${ordinal}\n${answer}`).digest('hex').slice(0, 8)}`;
}
