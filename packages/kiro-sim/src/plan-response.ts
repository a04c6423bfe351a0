import { createHash } from 'node:crypto';
import type { Directives, ToolCallDirective } from './parse-directives.ts';
import { randomInt, seededRandom } from './seeded-random.ts';
import { contentEvent, type SimEvent } from './sim-event.ts';
import type { ChatRequestView } from './validate-chat-request.ts';

export interface PlanInput {
  request: ChatRequestView;
  directives: Directives;
  /** `<thinking_mode>` appeared somewhere in the request. */
  thinking: boolean;
  requestBytes: number;
  /** Seeds every arbitrary choice, so equal requests get equal answers. */
  seed: string;
  /** A scripted agent's turn (`planWriteFile`): its text and calls replace the echo. */
  agentTurn?: { text: string; calls: ToolCallDirective[] };
}

export interface PlannedResponse {
  events: SimEvent[];
  /** Text the answer carries (thinking included), in characters. */
  outputChars: number;
  credits: number;
}

const MAX_ECHO = 200;
const MAX_DELTA = 12;
const WORDS = ['Lorem', 'ipsum', 'dolor', 'sit', 'amet,', 'consectetur', 'adipiscing', 'elit.'];
const INJECTED_TAGS =
  /<(thinking_mode|max_thinking_length|thinking_instruction|thinking_effort)>[\s\S]*?<\/\1>/g;

/**
 * The deterministic stand-in for a model: event sequences (docs/kiro-protocol.md#event-sequences) built from the last user message. Text
 * is cut into deltas of arbitrary sizes (never two equal in a row, which gateways would merge).
 */
export function planResponse(input: PlanInput): PlannedResponse {
  const random = seededRandom(input.seed);
  const { request, directives } = input;
  const events: SimEvent[] = [];
  let outputChars = 0;
  const emitText = (deltas: string[]) => {
    for (const delta of deltas) {
      events.push(contentEvent(delta));
      outputChars += delta.length;
    }
  };

  if (input.thinking) {
    const thinking = `<thinking>\nThe user sent ${request.currentText.length} characters; answering directly.\n</thinking>\n\n`;
    emitText(splitText(thinking, random, [4, thinking.indexOf('</thinking>') + 5]));
  }
  if (input.agentTurn) {
    emitText(splitText(input.agentTurn.text, random, []));
  } else if (directives.textDeltas !== undefined && directives.reply === undefined) {
    emitText(Array.from({ length: directives.textDeltas }, (_, i) => `${WORDS[i % WORDS.length]} `));
  } else {
    emitText(splitText(answerText(request, directives), random, []));
  }
  const calls = input.agentTurn?.calls ?? (request.toolResults.length === 0 ? directives.calls : []);
  calls.forEach((call, index) => {
    events.push(...toolUseEvents(call, toolUseId(input.seed, index), directives.fragments, random));
    outputChars += call.input.length;
  });

  const credits = round(
    (0.01 + outputChars / 20_000 + input.requestBytes / 400_000) * request.model.rateMultiplier,
  );
  const tokens = (input.requestBytes + outputChars) / 4;
  const percentage = Math.min(100, round((tokens / request.model.maxInputTokens) * 100));
  events.push(
    {
      kind: 'event',
      type: 'meteringEvent',
      payload: { unit: 'credit', unitPlural: 'credits', usage: credits },
    },
    { kind: 'event', type: 'contextUsageEvent', payload: { contextUsagePercentage: percentage } },
  );
  return { events, outputChars, credits };
}

/** toolUseEvent start, input fragments cut at arbitrary points, stop (sometimes carrying the last fragment). */
export function toolUseEvents(
  call: ToolCallDirective,
  id: string,
  fragments: number | undefined,
  random: () => number,
): SimEvent[] {
  const base = { name: call.name, toolUseId: id };
  const pieces = call.input === '' ? [] : cutInto(call.input, fragments ?? randomInt(random, 2, 5), random);
  const lastOnStop = pieces.length > 1 && random() < 0.5;
  const events: SimEvent[] = [{ kind: 'event', type: 'toolUseEvent', payload: base }];
  const inline = lastOnStop ? pieces.slice(0, -1) : pieces;
  for (const piece of inline)
    events.push({ kind: 'event', type: 'toolUseEvent', payload: { ...base, input: piece } });
  const stop = lastOnStop ? { ...base, input: pieces.at(-1), stop: true } : { ...base, stop: true };
  events.push({ kind: 'event', type: 'toolUseEvent', payload: stop });
  return events;
}

/** `tooluse_` + 22 base64url characters, derived from the request so reruns reuse the id. */
export function toolUseId(seed: string, index: number): string {
  const digest = createHash('sha256').update(`${seed}\u0000${index}`).digest('base64url');
  return `tooluse_${digest.slice(0, 22)}`;
}

function answerText(request: ChatRequestView, directives: Directives): string {
  if (directives.reply !== undefined) return directives.reply;
  if (request.toolResults.length > 0) {
    const quoted = request.toolResults.map(
      (result) => `${result.name} (${result.toolUseId}) returned ${JSON.stringify(result.text)}`,
    );
    return `Tool results: ${quoted.join('; ')}.`;
  }
  if (directives.calls.length > 0) return `Calling ${directives.calls.map((call) => call.name).join(', ')}.`;
  const echo = Array.from(directives.rest.replace(INJECTED_TAGS, '').replace(/\s+/g, ' ').trim());
  if (echo.length === 0) return 'Hello! How can I help?';
  return `You said: ${echo.slice(0, MAX_ECHO).join('')}${echo.length > MAX_ECHO ? '…' : ''}`;
}

/**
 * Cuts text into deltas of 1..12 code points (never inside a surrogate pair), also at each forced
 * cut, merging a delta into its predecessor when they would be equal.
 */
export function splitText(text: string, random: () => number, forcedCuts: number[]): string[] {
  const points = Array.from(text);
  const deltas: string[] = [];
  let at = 0;
  while (at < points.length) {
    let next = Math.min(points.length, at + randomInt(random, 1, MAX_DELTA));
    for (const cut of forcedCuts) if (cut > at && cut < next) next = cut;
    deltas.push(points.slice(at, next).join(''));
    at = next;
    while (deltas.length >= 2 && deltas.at(-1) === deltas.at(-2)) deltas.push(deltas.pop()! + deltas.pop()!);
  }
  return deltas;
}

function cutInto(text: string, count: number, random: () => number): string[] {
  const points = Array.from(text);
  const cuts = new Set<number>();
  const wanted = Math.min(count, points.length) - 1;
  while (cuts.size < wanted) cuts.add(randomInt(random, 1, points.length - 1));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), points.length];
  return sorted.slice(1).map((end, i) => points.slice(sorted[i], end).join(''));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
