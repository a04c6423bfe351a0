import type { KiroRequestBody, StreamEvent } from '@kirogate/protocol';
import { describe, expect, it } from 'vitest';
import {
  recoverTruncatedToolCalls,
  type ToolCallCut,
  type TruncationOutcome,
} from './recover-truncated-tool-calls.ts';

const body: KiroRequestBody = {
  conversationState: {
    chatTriggerType: 'MANUAL',
    conversationId: 'c',
    currentMessage: { userInputMessage: { content: 'write it', modelId: 'm', origin: 'AI_EDITOR' } },
  },
};

const usage = (outputTokens: number, credits?: number) => ({
  inputTokens: 10,
  outputTokens,
  ...(credits !== undefined && { credits }),
});

function text(value: string): StreamEvent {
  return { type: 'text-delta', text: value };
}

/** A tool call as the converter emits it: start, argument deltas, end. */
function call(index: number, name: string, args: string, truncated = false): StreamEvent[] {
  let input = {};
  try {
    input = JSON.parse(args);
  } catch {}
  return [
    { type: 'tool-call-start', index, id: `t${index}`, name },
    { type: 'tool-call-delta', index, argumentsDelta: args.slice(0, 3) },
    { type: 'tool-call-delta', index, argumentsDelta: args.slice(3) },
    { type: 'tool-call-end', index, id: `t${index}`, name, input, truncated },
  ];
}

async function* batches(...lists: StreamEvent[][]): AsyncGenerator<StreamEvent[]> {
  yield* lists;
}

async function run(
  first: StreamEvent[][],
  continuations: StreamEvent[][][],
  maxContinuations = 2,
): Promise<{
  out: StreamEvent[][];
  bodies: KiroRequestBody[];
  settled: Array<[TruncationOutcome, ToolCallCut[]]>;
}> {
  const bodies: KiroRequestBody[] = [];
  const settled: Array<[TruncationOutcome, ToolCallCut[]]> = [];
  const out: StreamEvent[][] = [];
  for await (const batch of recoverTruncatedToolCalls({
    first: batches(...first),
    body,
    maxContinuations,
    continueWith: async (next) => {
      bodies.push(next);
      const answer = continuations[bodies.length - 1];
      if (!answer) throw new Error('no more answers');
      return batches(...answer);
    },
    onSettled: (outcome, cuts) => settled.push([outcome, [...cuts]]),
  })) {
    out.push(batch);
  }
  return { out, bodies, settled };
}

const cutArgs = '{"file_path":"/a","content":"xxxxxxxx';

describe('recoverTruncatedToolCalls', () => {
  it('passes a complete answer through, holding tool calls until the upstream call ends', async () => {
    const finish: StreamEvent = {
      type: 'finish',
      reason: 'tool-calls',
      usage: usage(5, 0.5),
      truncated: false,
    };
    const tool = call(0, 'Write', '{"file_path":"/a"}');
    const { out, bodies, settled } = await run(
      [[text('Hi')], [tool[0]!, tool[1]!], [tool[2]!, tool[3]!], [finish]],
      [],
    );

    expect(out).toEqual([[text('Hi')], [...tool, finish]]);
    expect(bodies).toEqual([]);
    expect(settled).toEqual([]);
  });

  it('continues after a cut call and streams only the complete calls of the continuation', async () => {
    const cutFinish: StreamEvent = {
      type: 'finish',
      reason: 'tool-calls',
      usage: usage(7, 1),
      truncated: true,
    };
    const goodFinish: StreamEvent = {
      type: 'finish',
      reason: 'tool-calls',
      usage: usage(3, 0.25),
      truncated: false,
    };
    const good = call(0, 'Write', '{"file_path":"/a","content":"part 1"}');
    const { out, bodies, settled } = await run(
      [[text('Writing.'), { type: 'metering', credits: 1 }], call(0, 'Write', cutArgs, true), [cutFinish]],
      [[[{ type: 'thinking-delta', text: 'hmm' }, text(' Split.')], good, [goodFinish]]],
    );

    expect(out.flat()).toEqual([
      text('Writing.'),
      { type: 'metering', credits: 1 },
      text('\n\n Split.'),
      ...good,
      { ...goodFinish, usage: usage(10, 1.25) },
    ]);
    expect(bodies).toHaveLength(1);
    const state = bodies[0]!.conversationState;
    expect(state.history!.at(-1)).toEqual({ assistantResponseMessage: { content: 'Writing.' } });
    const instruction = state.currentMessage.userInputMessage.content;
    expect(instruction).toContain('"Write" was cut off after 37 bytes');
    expect(instruction).toMatch(/split/i);
    expect(settled).toEqual([['recovered', [{ tool: 'Write', bytes: 37 }]]]);
  });

  it('treats arguments that are not a JSON object as cut, even when not flagged', async () => {
    const finish: StreamEvent = { type: 'finish', reason: 'tool-calls', usage: usage(1), truncated: false };
    const { out, settled } = await run([call(0, 'Bash', '{"command": "ls" "x"}'), [finish]], [], 0);

    expect(out.flat().some((event) => event.type.startsWith('tool-call'))).toBe(false);
    expect(settled).toEqual([['failed', [{ tool: 'Bash', bytes: 21 }]]]);
  });

  it('treats the last call of a stream that ended early as cut, even if its JSON parses', async () => {
    const finish: StreamEvent = { type: 'finish', reason: 'tool-calls', usage: usage(1), truncated: true };
    const { settled } = await run([call(0, 'Bash', '{"command":"ls"}'), [finish]], [], 0);
    expect(settled).toEqual([['failed', [{ tool: 'Bash', bytes: 16 }]]]);
  });

  it('gives up after the configured continuations with a text naming the tool and stop', async () => {
    const cutFinish = (credits: number): StreamEvent => ({
      type: 'finish',
      reason: 'tool-calls',
      usage: usage(4, credits),
      truncated: true,
    });
    const cutAgain = [call(0, 'Write', cutArgs, true), [cutFinish(0.5)]];
    const { out, bodies, settled } = await run(
      [[text('Writing.')], call(0, 'Write', `${cutArgs}yyyy`, true), [cutFinish(1)]],
      [cutAgain, cutAgain],
    );

    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.conversationState.history).toHaveLength(4);
    const events = out.flat();
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([]);
    const last = events.at(-1);
    expect(last).toEqual({ type: 'finish', reason: 'stop', usage: usage(12, 2), truncated: false });
    const notice = events.at(-2);
    expect(notice?.type).toBe('text-delta');
    expect(notice?.type === 'text-delta' && notice.text).toContain(
      'The call to the tool "Write" was not run: Kiro cut its input off after 37 bytes',
    );
    expect(settled.map(([outcome, cuts]) => [outcome, cuts.length])).toEqual([['failed', 3]]);
  });

  it('answers with the notice when the continuation cannot start', async () => {
    const finish: StreamEvent = { type: 'finish', reason: 'tool-calls', usage: usage(2), truncated: true };
    const { out, settled } = await run([call(0, 'Write', cutArgs, true), [finish]], []);
    expect(out.flat().at(-1)).toMatchObject({ type: 'finish', reason: 'stop', truncated: false });
    expect(settled[0]?.[0]).toBe('failed');
  });

  it('drops held calls when the answer fails with an error event', async () => {
    const error = { type: 'error' } as StreamEvent;
    const { out } = await run([[text('a')], call(0, 'Write', '{"a":1}'), [error]], []);
    expect(out.flat()).toEqual([text('a'), error]);
  });
});
