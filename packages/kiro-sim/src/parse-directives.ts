import { type Fault, parseFault } from './fault.ts';

export interface ToolCallDirective {
  name: string;
  /** The JSON arguments exactly as written in the directive. */
  input: string;
}

export interface Directives {
  calls: ToolCallDirective[];
  faults: Fault[];
  /** Number of content deltas for a long answer. */
  textDeltas?: number;
  /** Exact answer text. */
  reply?: string;
  /** Inter-event delay for this request, in milliseconds. */
  delayMs?: number;
  /** How many fragments each tool input is cut into. */
  fragments?: number;
  /** `[[sim:write-file PATH BYTES]]`: the multi-turn file-writing task (see `planWriteFile`). */
  writeFile?: { path: string; bytes: number };
  /** The message text with every directive removed. */
  rest: string;
  /** Directives that could not be read, quoted back so a test can see its typo. */
  invalid: string[];
}

const OPEN = '[[sim:';
const CLOSE = ']]';

/**
 * Reads `[[sim:NAME ARGS]]` directives out of a user message. `call` takes a tool name and a JSON
 * object read with bracket matching, so arguments may themselves contain `]]`.
 */
export function parseDirectives(text: string): Directives {
  const directives: Directives = { calls: [], faults: [], rest: '', invalid: [] };
  let rest = '';
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf(OPEN, at);
    if (start === -1) break;
    rest += text.slice(at, start);
    const bodyStart = start + OPEN.length;
    const nameEnd = scanName(text, bodyStart);
    const name = text.slice(bodyStart, nameEnd);
    const argsStart = skipSpaces(text, nameEnd);
    const argsEnd = name === 'call' ? callArgsEnd(text, argsStart) : text.indexOf(CLOSE, argsStart);
    if (argsEnd === -1 || !text.startsWith(CLOSE, argsEnd)) {
      const end = text.indexOf(CLOSE, bodyStart);
      const stop = end === -1 ? text.length : end + CLOSE.length;
      directives.invalid.push(text.slice(start, stop));
      at = stop;
      continue;
    }
    const args = text.slice(argsStart, argsEnd).trim();
    if (!apply(directives, name, args)) directives.invalid.push(text.slice(start, argsEnd + CLOSE.length));
    at = argsEnd + CLOSE.length;
  }
  directives.rest = (rest + text.slice(at)).trim();
  return directives;
}

function apply(directives: Directives, name: string, args: string): boolean {
  switch (name) {
    case 'call': {
      const space = args.search(/\s/);
      const toolName = space === -1 ? args : args.slice(0, space);
      const input = space === -1 ? '{}' : args.slice(space).trim();
      if (toolName === '' || !isJsonObject(input)) return false;
      directives.calls.push({ name: toolName, input });
      return true;
    }
    case 'fault': {
      const fault = parseFault(args);
      if (fault) directives.faults.push(fault);
      return fault !== undefined;
    }
    case 'text':
      return setCount(args, (n) => {
        directives.textDeltas = n;
      });
    case 'delay':
      return setCount(args, (n) => {
        directives.delayMs = n;
      });
    case 'fragments':
      return setCount(args, (n) => {
        directives.fragments = Math.max(1, n);
      });
    case 'reply':
      directives.reply = args;
      return true;
    case 'write-file': {
      const match = /^(\S+) (\d{1,8})$/.exec(args);
      if (!match) return false;
      directives.writeFile = { path: match[1]!, bytes: Number(match[2]) };
      return true;
    }
    default:
      return false;
  }
}

function setCount(args: string, set: (value: number) => void): boolean {
  if (!/^\d{1,7}$/.test(args)) return false;
  set(Number(args));
  return true;
}

function scanName(text: string, from: number): number {
  let at = from;
  while (at < text.length && /[a-z-]/.test(text[at]!)) at++;
  return at;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}

/** End of `NAME JSON` for a call: after the tool name, a balanced JSON value if one follows. */
function callArgsEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !/[\s\]]/.test(text[at]!)) at++;
  at = skipSpaces(text, at);
  const open = text[at];
  if (open !== '{' && open !== '[') return at;
  const end = matchBrackets(text, at);
  return end === -1 ? -1 : skipSpaces(text, end);
}

/** Index just past the bracket closing the one at `from`, string- and escape-aware; -1 if unbalanced. */
function matchBrackets(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return at + 1;
    }
  }
  return -1;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
