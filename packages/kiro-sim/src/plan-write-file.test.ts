import { describe, expect, it } from 'vitest';
import { fileContent, planWriteFile } from './plan-write-file.ts';

const path = '/tmp/out/big.txt';
const task = `Create the file. [[sim:write-file ${path} 30000]]`;

function user(content: string) {
  return { userInputMessage: { content, modelId: 'm', origin: 'AI_EDITOR' } };
}

function assistant(text: string, uses: Array<{ name: string; input: object }> = []) {
  return {
    assistantResponseMessage: {
      content: text,
      ...(uses.length > 0 && {
        toolUses: uses.map((use, index) => ({ toolUseId: `t${index}`, ...use })),
      }),
    },
  };
}

function body(history: object[], current: string) {
  return { conversationState: { history, currentMessage: { userInputMessage: { content: current } } } };
}

/** Runs the file-writing agent against itself, applying each call to a string, as Claude Code would. */
function playOut(budget: number): { file: string; callSizes: number[]; turns: number } {
  const history: object[] = [user(task)];
  const first = planWriteFile(body([], task))!;
  history.push(
    assistant('Writing.'),
    user(`Your call was cut off. Split the work; at most ${budget} bytes per call.`),
  );
  expect(first.calls.map((call) => call.name)).toEqual(['Write']);
  let file = '';
  const callSizes: number[] = [];
  for (let turn = 1; turn < 40; turn++) {
    const current = (history.pop() as { userInputMessage: { content: string } }).userInputMessage.content;
    const next = planWriteFile(body(history, current))!;
    history.push(user(current));
    if (next.calls.length === 0) return { file, callSizes, turns: turn };
    const call = next.calls[0]!;
    callSizes.push(Buffer.byteLength(call.input));
    const input = JSON.parse(call.input) as { file_path?: string; content?: string; command?: string };
    if (call.name === 'Write') file = input.content!;
    else file += /<<'KIROGATE_EOF'\n([\s\S]*)KIROGATE_EOF$/.exec(input.command!)![1];
    history.push(assistant(next.text, [{ name: call.name, input }]), user('(tool result)'));
  }
  throw new Error('the agent never finished');
}

describe('planWriteFile', () => {
  it('is not involved without its directive', () => {
    expect(planWriteFile(body([], 'hello'))).toBeUndefined();
  });

  it('first writes the whole file in one call', () => {
    const turn = planWriteFile(body([], task))!;
    expect(turn.calls).toEqual([
      { name: 'Write', input: JSON.stringify({ file_path: path, content: fileContent(30000) }) },
    ]);
  });

  it('obeys a split request, keeps each call within the budget and ends with the exact file', () => {
    const { file, callSizes, turns } = playOut(4000);
    expect(file).toBe(fileContent(30000));
    expect(Math.max(...callSizes)).toBeLessThanOrEqual(4000);
    expect(callSizes.length).toBeGreaterThanOrEqual(8);
    expect(turns).toBe(callSizes.length + 1);
  });

  it('makes a file of exactly the requested size', () => {
    for (const bytes of [1, 63, 64, 30000, 30001]) expect(fileContent(bytes)).toHaveLength(bytes);
    expect(fileContent(30000).endsWith('\n')).toBe(true);
  });
});
