import { continueKiroBody, type KiroRequestBody, type StreamEvent, type Usage } from '@kirogate/protocol';

/** A tool call whose input Kiro cut off. */
export interface ToolCallCut {
  tool: string;
  /** Bytes of input (UTF-8) that arrived before the cut. */
  bytes: number;
}

export type TruncationOutcome = 'recovered' | 'failed';

export interface TruncationRecoveryInput {
  /** The canonical events of the first upstream call. */
  first: AsyncIterable<readonly StreamEvent[]>;
  /** The Kiro body of that call; continuations extend it. */
  body: KiroRequestBody;
  /** Extra upstream calls allowed after a cut (0 = report the cut to the client at once). */
  maxContinuations: number;
  /** One more upstream call in the same conversation (same lease), as canonical events. */
  continueWith: (body: KiroRequestBody) => Promise<AsyncIterable<readonly StreamEvent[]>>;
  /** Once per response that had cuts, with how it ended. */
  onSettled?: (outcome: TruncationOutcome, cuts: readonly ToolCallCut[]) => void;
}

/**
 * Kiro cuts the input of a large tool call (about 9 KB) and ends the stream, or closes the call with
 * invalid JSON. A client handed such a call runs it with broken input or loops re-sending the same
 * turn, so no tool call reaches the client before its input is complete and valid: from the first
 * tool call on, the events of an upstream call are held until it ends. If a call was cut, the model is
 * told so in a continuation of the same conversation and asked to split the work into smaller calls;
 * its answer continues the same client response. When continuations run out, the client gets a text
 * saying which call was cut and how to proceed, and `stop`, never the broken call.
 *
 * Text already streamed stays; thinking of continuation calls is dropped (the client has its thinking
 * block for this answer). Usage adds up the output and credits of every call.
 */
export async function* recoverTruncatedToolCalls(
  input: TruncationRecoveryInput,
): AsyncGenerator<StreamEvent[]> {
  let body = input.body;
  let source = input.first;
  const cuts: ToolCallCut[] = [];
  const spent = { outputTokens: 0, credits: 0, creditsSeen: false };

  let streamedText = false;
  for (let continuation = 0; ; continuation++) {
    const attempt = new HeldAttempt(continuation > 0, streamedText);
    for await (const batch of source) {
      const out = attempt.push(batch);
      if (out.length > 0) yield out;
    }
    streamedText ||= attempt.text !== '';
    const finish = attempt.finish;
    if (finish === undefined) return;
    const cut = attempt.cut();
    if (cut === undefined) {
      // Reported before the last yield: a consumer that has its answer may not ask for more.
      if (cuts.length > 0) input.onSettled?.('recovered', cuts);
      yield [...attempt.held, { ...finish, usage: addSpent(finish.usage, spent) }];
      return;
    }
    cuts.push(cut);
    spent.outputTokens += finish.usage.outputTokens;
    if (finish.usage.credits !== undefined) {
      spent.credits += finish.usage.credits;
      spent.creditsSeen = true;
    }
    if (continuation < input.maxContinuations) {
      body = continueKiroBody(body, attempt.text, splitInstruction(cut));
      try {
        source = await input.continueWith(body);
        continue;
      } catch {
        // The continuation could not start; the client still gets a clean answer about the cut.
      }
    }
    const usage: Usage = { ...finish.usage, outputTokens: spent.outputTokens };
    if (spent.creditsSeen) usage.credits = spent.credits;
    input.onSettled?.('failed', cuts);
    yield [
      { type: 'text-delta', text: cutNotice(cut, cuts.length - 1) },
      { type: 'finish', reason: 'stop', usage, truncated: false },
    ];
    return;
  }
}

/** What the model is told after a cut. */
export function splitInstruction(cut: ToolCallCut): string {
  const budget = Math.max(1000, Math.floor(cut.bytes / 200) * 100);
  return (
    `Your call to the tool "${cut.tool}" was cut off after ${cut.bytes} bytes of input: the API limits ` +
    'the size of a single tool call, so the call was not executed. Split the work into several smaller ' +
    `tool calls, keeping the input of each call to at most ${budget} bytes. For example, write the first ` +
    'part of a file, then append the remaining parts in further calls. Start with the first part now.'
  );
}

/** What the client reads when the cut could not be recovered. */
export function cutNotice(cut: ToolCallCut, continuations: number): string {
  const retried =
    continuations === 0
      ? ''
      : ` Asked ${continuations} more time(s) to split the work, the model was cut off again.`;
  return (
    `\n\n[KiroGate] The call to the tool "${cut.tool}" was not run: Kiro cut its input off after ` +
    `${cut.bytes} bytes (a size limit on a single tool call).${retried} To proceed, split the work into ` +
    'smaller steps, e.g. write a large file in parts of a few KB and append each further part with ' +
    'another call.'
  );
}

function addSpent(
  usage: Usage,
  spent: { outputTokens: number; credits: number; creditsSeen: boolean },
): Usage {
  const total: Usage = { ...usage, outputTokens: usage.outputTokens + spent.outputTokens };
  if (spent.creditsSeen) total.credits = (usage.credits ?? 0) + spent.credits;
  return total;
}

interface HeldCall {
  name: string;
  args: string;
  ended: boolean;
  truncated: boolean;
}

/** One upstream call's events: passed on until the first tool call, held from there to the end. */
class HeldAttempt {
  readonly held: StreamEvent[] = [];
  text = '';
  finish: (StreamEvent & { type: 'finish' }) | undefined;
  readonly #isContinuation: boolean;
  readonly #calls = new Map<number, HeldCall>();
  /** Text of an earlier call reached the client: this call's text starts a new paragraph. */
  #separate: boolean;

  constructor(isContinuation: boolean, afterText: boolean) {
    this.#isContinuation = isContinuation;
    this.#separate = afterText;
  }

  push(batch: readonly StreamEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const event of batch) {
      switch (event.type) {
        case 'metering':
        case 'context-usage':
          out.push(event);
          break;
        case 'error':
          // The answer failed; calls held so far may be incomplete and are not passed on.
          this.held.length = 0;
          out.push(event);
          break;
        case 'finish':
          this.finish = event;
          break;
        case 'thinking-delta':
        case 'thinking-end':
          if (this.#isContinuation) break;
          if (this.#holding) this.held.push(event);
          else out.push(event);
          break;
        case 'text-delta':
          if (this.#holding) this.held.push(event);
          else {
            const text = this.#separate && event.text !== '' ? `\n\n${event.text}` : event.text;
            if (text !== event.text) this.#separate = false;
            this.text += event.text;
            out.push(text === event.text ? event : { type: 'text-delta', text });
          }
          break;
        case 'tool-call-start':
          this.#calls.set(event.index, { name: event.name, args: '', ended: false, truncated: false });
          this.held.push(event);
          break;
        case 'tool-call-delta': {
          const call = this.#calls.get(event.index);
          if (call) call.args += event.argumentsDelta;
          this.held.push(event);
          break;
        }
        case 'tool-call-end': {
          const call = this.#calls.get(event.index);
          if (call) {
            call.ended = true;
            call.truncated = event.truncated;
          }
          this.held.push(event);
          break;
        }
      }
    }
    return out;
  }

  get #holding(): boolean {
    return this.#calls.size > 0;
  }

  /** The first call whose input is unusable; the last call when the stream itself was cut short. */
  cut(): ToolCallCut | undefined {
    const calls = [...this.#calls.values()];
    const broken =
      calls.find((call) => call.truncated || !call.ended || !isObjectJson(call.args)) ??
      (this.finish?.truncated ? calls.at(-1) : undefined);
    return broken && { tool: broken.name, bytes: Buffer.byteLength(broken.args) };
  }
}

function isObjectJson(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
