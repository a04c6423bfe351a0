import { describe, expect, it } from 'vitest';
import { IMPROPERLY_FORMED, INVALID_MODEL } from './kiro-error-body.ts';
import { validateChatRequest } from './validate-chat-request.ts';

const tool = (name = 'get_weather', description = 'Weather for a city') => ({
  toolSpecification: { name, description, inputSchema: { json: { type: 'object', properties: {} } } },
});
const user = (content: string, context?: object) => ({
  userInputMessage: {
    content,
    modelId: 'claude-sonnet-4.5',
    origin: 'AI_EDITOR',
    ...(context && { userInputMessageContext: context }),
  },
});
const assistant = (content: string, toolUses?: object[]) => ({
  assistantResponseMessage: { content, ...(toolUses && { toolUses }) },
});
const body = (current: object, history?: object[], extra: object = {}) => ({
  conversationState: {
    chatTriggerType: 'MANUAL',
    conversationId: '3f1c6c2e-1a4b-4a63-9d55-0c1d2e3f4a5b',
    currentMessage: current,
    ...(history && { history }),
  },
  ...extra,
});
const use = (toolUseId: string) => ({ toolUseId, name: 'get_weather', input: { city: 'Paris' } });
const result = (toolUseId: string, text = '22°C') => ({ toolUseId, status: 'success', content: [{ text }] });

describe('validateChatRequest', () => {
  it('accepts a tool round trip and names each result after its toolUse', () => {
    const validation = validateChatRequest(
      body(user('', { tools: [tool()], toolResults: [result('t1'), result('t2', 'rain')] }), [
        user('Weather?'),
        assistant('Checking.', [use('t1'), use('t2')]),
      ]),
      'social',
    );
    expect(validation).toMatchObject({
      ok: true,
      request: {
        currentText: '',
        toolNames: ['get_weather'],
        toolResults: [
          { toolUseId: 't1', name: 'get_weather', text: '22°C' },
          { toolUseId: 't2', name: 'get_weather', text: 'rain' },
        ],
      },
    });
  });

  it('accepts a social profileArn and defaults a missing modelId to auto', () => {
    const validation = validateChatRequest(
      { conversationState: { currentMessage: { userInputMessage: { content: 'Hi' } } }, profileArn: 'arn:x' },
      'social',
    );
    expect(validation.ok && validation.request.model.modelId).toBe('auto');
  });

  const rejected: Array<[string, unknown, 'social' | 'idc']> = [
    ['a non-object body', 'hello', 'social'],
    ['a missing conversationState', { profileArn: 'arn:x' }, 'social'],
    ['a missing currentMessage', { conversationState: {} }, 'social'],
    ['a missing userInputMessage', { conversationState: { currentMessage: {} } }, 'social'],
    ['an unknown top-level field', body(user('Hi'), undefined, { temperature: 0.2 }), 'social'],
    ['a profileArn with an IdC token', body(user('Hi'), undefined, { profileArn: 'arn:x' }), 'idc'],
    [
      'history starting with assistant',
      body(user('Hi'), [assistant('Hello'), user('Q'), assistant('A')]),
      'social',
    ],
    ['history ending with user', body(user('Hi'), [user('Q')]), 'social'],
    [
      'two users in a row',
      body(user('Hi'), [user('Q'), user('Q2'), assistant('A'), assistant('B')]),
      'social',
    ],
    [
      'a history entry with both roles',
      body(user('Hi'), [{ ...user('Q'), ...assistant('A') }, assistant('B')]),
      'social',
    ],
    [
      'toolResults without tools',
      body(user('', { toolResults: [result('t1')] }), [user('Q'), assistant('A', [use('t1')])]),
      'social',
    ],
    [
      'a toolResult without a matching toolUse',
      body(user('', { tools: [tool()], toolResults: [result('t9')] }), [
        user('Q'),
        assistant('A', [use('t1')]),
      ]),
      'social',
    ],
    [
      'a toolResult answering an older turn',
      body(user('', { tools: [tool()], toolResults: [result('t1')] }), [
        user('Q'),
        assistant('A', [use('t1')]),
        user('more'),
        assistant('B'),
      ]),
      'social',
    ],
    [
      'duplicate toolUseIds in one toolResults list',
      body(user('', { tools: [tool()], toolResults: [result('t1'), result('t1')] }), [
        user('Q'),
        assistant('A', [use('t1')]),
      ]),
      'social',
    ],
    ['a 65-character tool name', body(user('Hi', { tools: [tool('x'.repeat(65))] })), 'social'],
    ['an empty tool description', body(user('Hi', { tools: [tool('t', ' ')] })), 'social'],
    ['empty content with nothing else', body(user('  ')), 'social'],
    ['an empty assistant turn', body(user('Hi'), [user('Q'), assistant('')]), 'social'],
    ['content that is not a string', body({ userInputMessage: { content: 5 } }), 'social'],
  ];

  it.each(rejected)('rejects %s as improperly formed', (_, request, kind) => {
    const validation = validateChatRequest(request, kind);
    expect(validation).toMatchObject({ ok: false, error: IMPROPERLY_FORMED });
  });

  it('accepts a 64-character tool name and empty content carrying images', () => {
    const images = [{ format: 'png', source: { bytes: 'iVBORw0KGgo=' } }];
    const current = {
      userInputMessage: { content: '', images, userInputMessageContext: { tools: [tool('x'.repeat(64))] } },
    };
    expect(validateChatRequest(body(current), 'idc').ok).toBe(true);
  });

  it('rejects an unknown model id with the invalid-model body', () => {
    const request = body({ userInputMessage: { content: 'Hi', modelId: 'gpt-4o' } });
    expect(validateChatRequest(request, 'social')).toMatchObject({ ok: false, error: INVALID_MODEL });
  });
});
