import type { StreamEvent } from '../canonical/index.ts';
import { parseToolArguments } from './parse-tool-arguments.ts';
import type { KiroEvent } from './types.ts';

type ToolUseEvent = KiroEvent & { type: 'tool-use' };

interface OpenCall {
  id: string;
  name: string;
  args: string;
  /** Assigned when the call is first streamed; undefined while it is held back. */
  index: number | undefined;
  stopped: boolean;
}

export interface CompletedToolCall {
  name: string;
  args: string;
}

/**
 * Assembles Kiro's runs of toolUseEvent frames into canonical tool-call events, streaming argument
 * fragments as they arrive. Duplicates (docs/kiro-protocol.md#quirks, 2) are settled before anything is
 * streamed, because a streamed call cannot be taken back:
 * - a call is held while its arguments are empty or `{}`, since Kiro may re-send the same id with the
 *   real arguments (by id, the longer non-empty arguments win);
 * - a call is held while its arguments are a prefix of an earlier call's with the same name, and
 *   dropped if they turn out equal (by name and arguments, the first call wins);
 * - frames for an id already streamed are ignored.
 */
export class ToolCallAssembler {
  readonly #toolNameMap: Readonly<Record<string, string>>;
  readonly #finishedIds = new Set<string>();
  readonly #completed: CompletedToolCall[] = [];
  #open: OpenCall | undefined;
  #nextIndex = 0;

  constructor(toolNameMap: Readonly<Record<string, string>>) {
    this.#toolNameMap = toolNameMap;
  }

  /** Calls streamed so far, in order. */
  get completed(): readonly CompletedToolCall[] {
    return this.#completed;
  }

  push(event: ToolUseEvent): StreamEvent[] {
    const out = this.#open && this.#open.id !== event.toolUseId ? this.flush() : [];
    if (this.#open === undefined) {
      if (this.#finishedIds.has(event.toolUseId)) return out;
      const name = this.#toolNameMap[event.name] ?? event.name;
      this.#open = { id: event.toolUseId, name, args: '', index: undefined, stopped: false };
    } else if (this.#open.stopped) {
      this.#open.args = '';
      this.#open.stopped = false;
    }
    const call = this.#open;
    call.args += event.input;
    if (call.index !== undefined) {
      if (event.input !== '')
        out.push({ type: 'tool-call-delta', index: call.index, argumentsDelta: event.input });
    } else if (!this.#mustHold(call)) {
      out.push(...this.#release(call));
    }
    if (event.stop) {
      call.stopped = true;
      if (call.index !== undefined || !isTrivial(call.args)) out.push(...this.#close(call));
    }
    return out;
  }

  /** Settles the open call: the stream moved on to something else, or ended. */
  flush(): StreamEvent[] {
    const call = this.#open;
    return call === undefined ? [] : this.#close(call);
  }

  /** Appends a call found outside the toolUseEvent frames (bracket syntax in the text). */
  add(id: string, name: string, args: string): StreamEvent[] {
    const call: OpenCall = { id, name, args, index: undefined, stopped: true };
    return this.#close(call);
  }

  #close(call: OpenCall): StreamEvent[] {
    this.#open = undefined;
    this.#finishedIds.add(call.id);
    if (call.index === undefined && this.#isDuplicate(call)) return [];
    const out = call.index === undefined ? this.#release(call) : [];
    const { input, truncated } = parseToolArguments(call.args);
    out.push({ type: 'tool-call-end', index: call.index!, id: call.id, name: call.name, input, truncated });
    this.#completed.push({ name: call.name, args: call.args });
    return out;
  }

  #release(call: OpenCall): StreamEvent[] {
    const index = this.#nextIndex++;
    call.index = index;
    const out: StreamEvent[] = [{ type: 'tool-call-start', index, id: call.id, name: call.name }];
    if (call.args !== '') out.push({ type: 'tool-call-delta', index, argumentsDelta: call.args });
    return out;
  }

  #mustHold(call: OpenCall): boolean {
    return (
      isTrivial(call.args) ||
      this.#completed.some((done) => done.name === call.name && done.args.startsWith(call.args))
    );
  }

  #isDuplicate(call: OpenCall): boolean {
    return this.#completed.some((done) => done.name === call.name && done.args === call.args);
  }
}

/** Arguments that a re-sent call may still replace: nothing yet, or an empty object. */
function isTrivial(args: string): boolean {
  const compact = args.replace(/\s+/g, '');
  return compact === '' || compact === '{' || compact === '{}';
}
