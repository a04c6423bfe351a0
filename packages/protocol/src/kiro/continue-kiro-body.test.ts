import { describe, expect, it } from 'vitest';
import { continueKiroBody } from './continue-kiro-body.ts';
import type { KiroRequestBody, KiroTool } from './types.ts';

const tool: KiroTool = {
  toolSpecification: {
    name: 'Write',
    description: 'Write a file',
    inputSchema: { json: { type: 'object' } },
  },
};

function body(): KiroRequestBody {
  return {
    conversationState: {
      chatTriggerType: 'MANUAL',
      conversationId: 'c-1',
      history: [
        { userInputMessage: { content: 'first', modelId: 'm', origin: 'AI_EDITOR' } },
        {
          assistantResponseMessage: {
            content: 'calling',
            toolUses: [{ toolUseId: 't1', name: 'Write', input: { a: 1 } }],
          },
        },
      ],
      currentMessage: {
        userInputMessage: {
          content: 'go on',
          modelId: 'm',
          origin: 'AI_EDITOR',
          userInputMessageContext: {
            tools: [tool],
            toolResults: [{ toolUseId: 't1', status: 'success', content: [{ text: 'ok' }] }],
          },
        },
      },
    },
    profileArn: 'arn:x',
  };
}

describe('continueKiroBody', () => {
  it('moves the current turn into the history, adds the answer so far and asks the instruction', () => {
    const original = body();
    const snapshot = structuredClone(original);
    const next = continueKiroBody(original, 'Part one.', 'Split it.');

    expect(original).toEqual(snapshot);
    expect(next.profileArn).toBe('arn:x');
    expect(next.conversationState.conversationId).toBe('c-1');
    expect(next.conversationState.history).toEqual([
      ...snapshot.conversationState.history!,
      {
        userInputMessage: {
          content: 'go on',
          modelId: 'm',
          origin: 'AI_EDITOR',
          userInputMessageContext: {
            toolResults: [{ toolUseId: 't1', status: 'success', content: [{ text: 'ok' }] }],
          },
        },
      },
      { assistantResponseMessage: { content: 'Part one.' } },
    ]);
    expect(next.conversationState.currentMessage.userInputMessage).toEqual({
      content: 'Split it.',
      modelId: 'm',
      origin: 'AI_EDITOR',
      userInputMessageContext: { tools: [tool] },
    });
  });

  it('gives an assistant turn without text a placeholder, as Kiro refuses empty content', () => {
    const next = continueKiroBody(body(), '  ', 'Split it.');
    expect(next.conversationState.history!.at(-1)).toEqual({
      assistantResponseMessage: { content: '(empty)' },
    });
    const twice = continueKiroBody(next, 'again', 'Split it more.');
    expect(twice.conversationState.history!.map((entry) => Object.keys(entry)[0])).toEqual([
      'userInputMessage',
      'assistantResponseMessage',
      'userInputMessage',
      'assistantResponseMessage',
      'userInputMessage',
      'assistantResponseMessage',
    ]);
    expect(twice.conversationState.history![4]).toEqual({
      userInputMessage: { content: 'Split it.', modelId: 'm', origin: 'AI_EDITOR' },
    });
  });
});
