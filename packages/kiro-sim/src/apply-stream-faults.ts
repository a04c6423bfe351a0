import { createHash } from 'node:crypto';
import { cutLargeToolInputs, DEFAULT_TOOL_INPUT_LIMIT } from './cut-large-tool-inputs.ts';
import { type Fault, faultNumber } from './fault.ts';
import type { ToolCallDirective } from './parse-directives.ts';
import { splitText, toolUseEvents, toolUseId } from './plan-response.ts';
import { seededRandom } from './seeded-random.ts';
import { contentEvent, isContentEvent, type SimEvent } from './sim-event.ts';

/** Mid-stream faults strike after this many events, so the client has already started answering. */
export const EVENTS_BEFORE_FAULT = 2;

const EXCEPTION_MESSAGES: Record<string, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  InternalServerException: 'Encountered an unexpected error when processing the request, please try again.',
  ValidationException: 'Improperly formed request.',
  ContentLengthExceededException: 'Input is too long.',
};
const DEFAULT_CALL: ToolCallDirective = { name: 'get_weather', input: '{"city": "London"}' };
const LONG_CALL: ToolCallDirective = {
  name: 'write_file',
  input: JSON.stringify({ path: 'notes.txt', content: 'All work and no play. '.repeat(20) }),
};

/**
 * Rewrites a planned event sequence for the faults that change what is said (as opposed to how
 * the bytes travel, which the stream writer handles).
 */
export function applyStreamFaults(
  events: SimEvent[],
  faults: Fault[],
  calls: ToolCallDirective[],
  seed: string,
): SimEvent[] {
  let result = events;
  for (const fault of faults) result = applyOne(result, fault, calls, seed);
  return result;
}

function applyOne(events: SimEvent[], fault: Fault, calls: ToolCallDirective[], seed: string): SimEvent[] {
  switch (fault.name) {
    case 'mid-stream-exception': {
      const type = fault.arg ?? 'ThrottlingException';
      const message = EXCEPTION_MESSAGES[type] ?? `${type} raised by kiro-sim`;
      return [...events.slice(0, EVENTS_BEFORE_FAULT), { kind: 'exception', type, message }];
    }
    case 'error-frame':
      return [
        ...events.slice(0, EVENTS_BEFORE_FAULT),
        { kind: 'error', code: fault.arg ?? 'InternalFailure', message: 'An internal error occurred.' },
      ];
    case 'truncated-tool-input':
      return truncateToolInput(events, calls, seed);
    case 'tool-input-limit':
      return cutLargeToolInputs(events, faultNumber(fault, DEFAULT_TOOL_INPUT_LIMIT));
    case 'duplicate-deltas':
      return events.flatMap((event) => (isContentEvent(event) ? [event, event] : [event]));
    case 'cut-stream': {
      const contentCount = events.filter(isContentEvent).length;
      const keep = Math.max(1, Math.ceil(contentCount / 2));
      let seen = 0;
      return events.filter((event) => isContentEvent(event) && ++seen <= keep);
    }
    case 'bracket-tool-call': {
      const shown = calls.length > 0 ? calls : [DEFAULT_CALL];
      const text = shown.map((call) => `[Called ${call.name} with args: ${call.input}]`).join('\n');
      const withoutTools = events.filter(
        (event) => !(event.kind === 'event' && event.type === 'toolUseEvent'),
      );
      return insertBeforeMetering(withoutTools, [contentEvent(`\n${text}`)]);
    }
    case 'followup-prompt': {
      const suggestion = fault.arg ?? 'Would you like me to explain this in more detail?';
      return insertBeforeMetering(events, [
        {
          kind: 'event',
          type: 'assistantResponseEvent',
          payload: {
            content: suggestion,
            followupPrompt: { content: suggestion, userIntent: 'EXPLAIN_CODE_SELECTION' },
          },
        },
      ]);
    }
    case 'cache-usage': {
      const [read, write] = (fault.arg ?? '1200/300').split('/').map(Number);
      return insertBeforeMetering(events, [
        {
          kind: 'event',
          type: 'messageMetadataEvent',
          payload: {
            tokenUsage: {
              uncachedInputTokens: 40,
              cacheReadInputTokens: read ?? 0,
              cacheWriteInputTokens: write ?? 0,
              outputTokens: 10,
              totalTokens: 40 + (read ?? 0) + (write ?? 0) + 10,
            },
          },
        },
      ]);
    }
    case 'native-reasoning':
      return nativeReasoning(events, seed);
    case 'redacted-reasoning':
      return [
        reasoningEvent({ redactedContent: Buffer.from(`redacted:${seed}`).toString('base64') }),
        ...events,
      ];
    case 'content-filtered':
      return [
        {
          kind: 'event',
          type: 'metadataEvent',
          payload: {
            stopReason: 'CONTENT_FILTERED',
            stopDetails: {
              refusal: {
                category: 'HARMFUL_CONTENT',
                explanation: 'The request was blocked by content filters.',
              },
            },
          },
        },
        ...events.filter((event) => !isContentEvent(event) && !isToolEvent(event)),
      ];
    default:
      return events;
  }
}

/** Keeps every tool call but cuts its argument JSON short, as Kiro does to very large arguments. */
function truncateToolInput(events: SimEvent[], calls: ToolCallDirective[], seed: string): SimEvent[] {
  const random = seededRandom(`${seed}:truncate`);
  const targets = calls.length > 0 ? calls : [LONG_CALL];
  const truncated = targets.flatMap((call, index) => {
    const cut = Math.max(1, Math.floor(call.input.length * 0.6));
    return toolUseEvents(
      { name: call.name, input: call.input.slice(0, cut) },
      toolUseId(seed, index),
      3,
      random,
    );
  });
  return insertBeforeMetering(
    events.filter((event) => !isToolEvent(event)),
    truncated,
  );
}

function reasoningEvent(payload: Record<string, unknown>): SimEvent {
  return { kind: 'event', type: 'reasoningContentEvent', payload };
}

/** A run of reasoningContentEvent text deltas closed by a signature frame. */
function reasoningRun(text: string, seed: string): SimEvent[] {
  const random = seededRandom(`${seed}:reasoning:${text}`);
  const signature = createHash('sha256').update(`${seed}\n${text}`).digest('base64').slice(0, 40);
  return [
    ...splitText(text, random, []).map((delta) => reasoningEvent({ text: delta })),
    reasoningEvent({ signature }),
  ];
}

/**
 * Native thinking (reasoningContentEvent) before the answer, and again before every further tool call,
 * so reasoning and tool calls interleave.
 */
function nativeReasoning(events: SimEvent[], seed: string): SimEvent[] {
  const out: SimEvent[] = reasoningRun('Let me think about what is asked here.', seed);
  const started = new Set<unknown>();
  for (const event of events) {
    if (isToolEvent(event) && event.kind === 'event' && !started.has(event.payload.toolUseId)) {
      started.add(event.payload.toolUseId);
      if (started.size > 1)
        out.push(...reasoningRun(`Now the next call, ${String(event.payload.name)}.`, seed));
    }
    out.push(event);
  }
  return out;
}

function insertBeforeMetering(events: SimEvent[], inserted: SimEvent[]): SimEvent[] {
  const at = events.findIndex((event) => event.kind === 'event' && event.type === 'meteringEvent');
  const index = at === -1 ? events.length : at;
  return [...events.slice(0, index), ...inserted, ...events.slice(index)];
}

function isToolEvent(event: SimEvent): boolean {
  return event.kind === 'event' && event.type === 'toolUseEvent';
}
