import type { ToolCallDirective } from './parse-directives.ts';

/** What the simulated model does in one turn of a `[[sim:write-file PATH BYTES]]` task. */
export interface WriteFileTurn {
  text: string;
  calls: ToolCallDirective[];
}

type Json = Record<string, unknown>;

const DIRECTIVE = /\[\[sim:write-file (\S+) (\d{1,8})\]\]/;
const HEREDOC_END = 'KIROGATE_EOF';
/** A split instruction: it asks to split the work and names a size per call. */
const SPLIT_BUDGET = /at most (\d+) bytes/;

/**
 * A model that writes a file of BYTES bytes with Claude Code's tools, and obeys a request to split
 * the work. The task is the directive in any user turn of the conversation. Without a split request it
 * writes the whole file in one `Write` call. Once a user turn asks to split the work ("split" and "at
 * most N bytes"), it writes the first part with `Write` and appends each further part with `Bash`
 * (`cat >> PATH <<'KIROGATE_EOF'`), each call's input at most N bytes; in later turns, where the
 * request is no longer in view, the size of its first part sets the size of the next. What is already
 * written is read from its own earlier calls in the history. When the file is complete it says so.
 */
export function planWriteFile(body: unknown): WriteFileTurn | undefined {
  const state = (body as { conversationState?: Json })?.conversationState ?? {};
  const history = Array.isArray(state.history) ? (state.history as Json[]) : [];
  const current = userText((state.currentMessage as Json | undefined)?.userInputMessage);
  const userTexts = [current, ...history.map((entry) => userText(entry.userInputMessage)).reverse()];
  const task = userTexts.map((text) => DIRECTIVE.exec(text)).find((match) => match !== null);
  if (!task) return undefined;
  const path = task[1]!;
  const full = fileContent(Number(task[2]));

  let written = '';
  let firstPartBudget: number | undefined;
  for (const entry of history) {
    const uses = (entry.assistantResponseMessage as Json | undefined)?.toolUses;
    if (!Array.isArray(uses)) continue;
    for (const use of uses as Json[]) {
      const input = (use.input ?? {}) as Json;
      if (use.name === 'Write' && input.file_path === path && typeof input.content === 'string') {
        written = input.content;
        if (written !== full) firstPartBudget = Buffer.byteLength(JSON.stringify(input));
      } else if (use.name === 'Bash' && typeof input.command === 'string') {
        written += appendedBy(input.command, path) ?? '';
      }
    }
  }
  if (written === full) return { text: `Done: ${path} holds all ${full.length} bytes.`, calls: [] };

  const asked = userTexts.find((text) => /split/i.test(text) && SPLIT_BUDGET.test(text));
  const budget = asked ? Number(SPLIT_BUDGET.exec(asked)![1]) : firstPartBudget;
  if (budget === undefined) {
    return { text: `Writing ${path}.`, calls: [writeCall(path, full)] };
  }
  if (!full.startsWith(written)) written = '';
  const callFor = (chunk: string) => (written === '' ? writeCall(path, chunk) : appendCall(path, chunk));
  const part = nextPart(full, written.length, callFor, budget);
  const call = callFor(part);
  return {
    text: `Writing ${path} in parts: bytes ${written.length}–${written.length + part.length}.`,
    calls: [call],
  };
}

/** The file the task asks for: numbered ASCII lines, `bytes` long in all, ending with a newline. */
export function fileContent(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let n = 1; size < bytes; n++) {
    const full = `line ${String(n).padStart(6, '0')}: the quick brown fox jumps over the lazy dog.\n`;
    const left = bytes - size;
    const line = full.length <= left ? full : `${'.'.repeat(left - 1)}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

/** Whole lines from `offset` whose call input stays within `budget` bytes (at least one line). */
function nextPart(
  full: string,
  offset: number,
  callFor: (chunk: string) => ToolCallDirective,
  budget: number,
): string {
  let end = full.indexOf('\n', offset) + 1 || full.length;
  for (;;) {
    const next = full.indexOf('\n', end) + 1 || full.length;
    if (next === end || Buffer.byteLength(callFor(full.slice(offset, next)).input) > budget) break;
    end = next;
  }
  return full.slice(offset, end);
}

function writeCall(path: string, content: string): ToolCallDirective {
  return { name: 'Write', input: JSON.stringify({ file_path: path, content }) };
}

function appendCall(path: string, content: string): ToolCallDirective {
  const command = `cat >> '${path}' <<'${HEREDOC_END}'\n${content}${HEREDOC_END}`;
  return { name: 'Bash', input: JSON.stringify({ command, description: `Append to ${path}` }) };
}

/** The text an append command written by `appendCall` adds to `path`. */
function appendedBy(command: string, path: string): string | undefined {
  const head = `cat >> '${path}' <<'${HEREDOC_END}'\n`;
  if (!command.startsWith(head) || !command.endsWith(HEREDOC_END)) return undefined;
  return command.slice(head.length, -HEREDOC_END.length);
}

function userText(message: unknown): string {
  const content = (message as Json | undefined)?.content;
  return typeof content === 'string' ? content : '';
}
