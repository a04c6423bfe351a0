import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, Message, ToolDefinition } from '../canonical/index.ts';
import { toKiroRequest } from './to-kiro-request.ts';
import type { KiroAssistantResponseMessage, KiroHistoryEntry, KiroUserInputMessage } from './types.ts';

const options = { modelId: 'claude-sonnet-4.5', conversationId: 'conv-1' };

function request(messages: Message[], extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages,
    tools: [],
    stream: true,
    metadata: {},
    ...extra,
  };
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });
const system = (text: string): Message => ({ role: 'system', content: [{ type: 'text', text }] });
const bash: ToolDefinition = {
  name: 'bash',
  description: 'Run a shell command',
  inputSchema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

function convert(req: CanonicalRequest, extra: Partial<Parameters<typeof toKiroRequest>[1]> = {}) {
  return toKiroRequest(req, { ...options, ...extra });
}

function current(req: CanonicalRequest): KiroUserInputMessage {
  return convert(req).body.conversationState.currentMessage.userInputMessage;
}

function history(req: CanonicalRequest): KiroHistoryEntry[] {
  return convert(req).body.conversationState.history ?? [];
}

/** Role and text of each history entry, for readable assertions. */
function shape(entries: KiroHistoryEntry[]): Array<[string, string]> {
  return entries.map((entry) =>
    'userInputMessage' in entry
      ? ['user', entry.userInputMessage.content]
      : ['assistant', entry.assistantResponseMessage.content],
  );
}

function assistantAt(entries: KiroHistoryEntry[], index: number): KiroAssistantResponseMessage {
  const entry = entries[index];
  if (!entry || !('assistantResponseMessage' in entry)) throw new Error(`history[${index}] is not assistant`);
  return entry.assistantResponseMessage;
}

function userAt(entries: KiroHistoryEntry[], index: number): KiroUserInputMessage {
  const entry = entries[index];
  if (!entry || !('userInputMessage' in entry)) throw new Error(`history[${index}] is not user`);
  return entry.userInputMessage;
}

describe('toKiroRequest: body frame', () => {
  it('sends a single user turn as the current message with model, origin and conversation id', () => {
    const { body, toolNameMap, warnings } = convert(request([user('Hello')]));
    expect(body).toEqual({
      conversationState: {
        chatTriggerType: 'MANUAL',
        conversationId: 'conv-1',
        currentMessage: {
          userInputMessage: { content: 'Hello', modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' },
        },
      },
    });
    expect(toolNameMap).toEqual({});
    expect(warnings).toEqual([]);
  });

  it('sends profileArn only when given', () => {
    expect(
      convert(request([user('Hi')]), { profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/X' }).body,
    ).toMatchObject({ profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/X' });
    expect(convert(request([user('Hi')])).body).not.toHaveProperty('profileArn');
  });

  it('repeats modelId and origin on every history user entry', () => {
    const entries = history(request([user('a'), assistant('b'), user('c')]));
    expect(userAt(entries, 0)).toMatchObject({ modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' });
  });
});

describe('toKiroRequest: system prompt', () => {
  it('prefixes the system prompt to the first history user message', () => {
    const entries = history(
      request([user('Q1'), assistant('A1'), user('Q2')], { system: ['Be brief.', 'Use French.'] }),
    );
    expect(userAt(entries, 0).content).toBe('Be brief.\nUse French.\n\nQ1');
  });

  it('prefixes the current message when there is no history', () => {
    expect(current(request([user('Q')], { system: ['Be brief.'] })).content).toBe('Be brief.\n\nQ');
  });
});

describe('toKiroRequest: conformance cases', () => {
  it('case 11: merges adjacent user messages and adjacent assistant tool calls', () => {
    expect(current(request([user('Hello'), user('World')])).content).toBe('Hello\nWorld');
    const call = (id: string): Message => ({
      role: 'assistant',
      content: [{ type: 'tool-call', id, name: 'bash', input: { command: id } }],
    });
    const result = (id: string) => ({
      type: 'tool-result' as const,
      toolCallId: id,
      content: [],
      isError: false,
    });
    const entries = history(
      request(
        [user('run'), call('t1'), call('t2'), { role: 'user', content: [result('t1'), result('t2')] }],
        {
          tools: [bash],
        },
      ),
    );
    expect(assistantAt(entries, 1).toolUses?.map((use) => use.toolUseId)).toEqual(['t1', 't2']);
  });

  it('case 12: a conversation starting with the assistant gets an (empty) user first', () => {
    const req = request([assistant('Hi'), user('Q')]);
    expect(shape(history(req))).toEqual([
      ['user', '(empty)'],
      ['assistant', 'Hi'],
    ]);
    expect(current(req).content).toBe('Q');
  });

  it('case 13: in-place system messages become user turns separated by (empty) assistants', () => {
    const req = request([system('C1'), system('C2'), user('Q')]);
    expect(shape(history(req))).toEqual([
      ['user', 'C1'],
      ['assistant', '(empty)'],
      ['user', 'C2'],
      ['assistant', '(empty)'],
    ]);
    expect(current(req).content).toBe('Q');

    const afterAssistant = request([user('Q1'), assistant('A1'), system('Plan mode.'), user('Q2')]);
    expect(shape(history(afterAssistant))).toEqual([
      ['user', 'Q1'],
      ['assistant', 'A1'],
      ['user', 'Plan mode.'],
      ['assistant', '(empty)'],
    ]);
    expect(current(afterAssistant).content).toBe('Q2');
  });

  it('keeps the prompt current when Claude Code sends its environment as a trailing system entry', () => {
    const req = request([
      { role: 'user', content: [{ type: 'text', text: '<system-reminder>r</system-reminder>' }] },
      user('Say it'),
      system('# Environment'),
    ]);
    expect(history(req)).toEqual([]);
    expect(current(req).content).toBe('<system-reminder>r</system-reminder>\nSay it\n\n# Environment');
  });

  it('case 14: a trailing assistant message (prefill) stays in history and the current turn is Continue', () => {
    const req = request([user('Q'), assistant('Partial')]);
    expect(shape(history(req))).toEqual([
      ['user', 'Q'],
      ['assistant', 'Partial'],
    ]);
    expect(current(req).content).toBe('Continue');
  });

  it('case 15: without declared tools, tool calls and results are rendered as text', () => {
    const req = request([
      user('list files'),
      {
        role: 'assistant',
        content: [{ type: 'tool-call', id: 'call_123', name: 'bash', input: { command: 'ls' } }],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_123',
            content: [{ type: 'text', text: 'file1.txt' }],
            isError: false,
          },
        ],
      },
    ]);
    const { body } = convert(req);
    const json = JSON.stringify(body);
    expect(json).not.toContain('toolUses');
    expect(json).not.toContain('toolResults');
    expect(assistantAt(history(req), 1).content).toBe('[Tool: bash (call_123)]\n{"command": "ls"}');
    expect(current(req).content).toBe('[Tool Result (call_123)]\nfile1.txt');
  });

  it('case 16: an empty tool result is sent as (empty result) with status success', () => {
    const req = request(
      [
        user('go'),
        { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 't1', content: [], isError: false }] },
      ],
      { tools: [bash] },
    );
    expect(current(req).userInputMessageContext?.toolResults).toEqual([
      { toolUseId: 't1', status: 'success', content: [{ text: '(empty result)' }] },
    ]);
    expect(current(req).content).toBe('Continue');
  });

  it('case 17: descriptions over the limit move to the system prompt; empty ones get Tool: name', () => {
    const long = 'x'.repeat(10_001);
    const tools = [
      { ...bash, description: long },
      { ...bash, name: 'read', description: 'y'.repeat(10_000) },
      { ...bash, name: 'grep', description: '  ' },
    ];
    const message = current(request([user('Q')], { tools, system: ['Base.'] }));
    const specs = message.userInputMessageContext?.tools?.map((tool) => tool.toolSpecification);
    expect(specs?.map((spec) => spec.description)).toEqual([
      "[Full documentation in system prompt under '## Tool: bash']",
      'y'.repeat(10_000),
      'Tool: grep',
    ]);
    expect(message.content.startsWith('Base.\n\n---\n# Tool Documentation\n')).toBe(true);
    expect(message.content).toContain(`## Tool: bash\n\n${long}\n\nQ`);

    const disabled = toKiroRequest(request([user('Q')], { tools }), {
      ...options,
      toolDescriptionMaxLength: 0,
    });
    const kept = disabled.body.conversationState.currentMessage.userInputMessage;
    expect(kept.userInputMessageContext?.tools?.[0]?.toolSpecification.description).toBe(long);
    expect(kept.content).toBe('Q');
  });

  it('case 18: names over 64 characters are shortened deterministically and mapped back', () => {
    const longName = `mcp__${'very_long_server_name_'.repeat(3)}__do_the_thing`;
    const other = `${longName}_v2`;
    const tools = [
      { ...bash, name: longName },
      { ...bash, name: other },
    ];
    const first = convert(request([user('Q')], { tools }));
    const names =
      first.body.conversationState.currentMessage.userInputMessage.userInputMessageContext?.tools?.map(
        (tool) => tool.toolSpecification.name,
      );
    expect(names?.every((name) => name.length <= 64)).toBe(true);
    expect(new Set(names).size).toBe(2);
    expect(first.toolNameMap).toEqual({ [names?.[0] ?? '']: longName, [names?.[1] ?? '']: other });
    expect(convert(request([user('Q')], { tools })).toolNameMap).toEqual(first.toolNameMap);
  });

  it('case 19: schemas lose additionalProperties and empty required at every depth', () => {
    const inputSchema = {
      type: 'object',
      properties: {
        a: { type: 'object', properties: {}, required: [], additionalProperties: false },
        additionalProperties: { type: 'string' },
      },
      required: ['a'],
      additionalProperties: false,
    };
    const message = current(request([user('Q')], { tools: [{ name: 't', description: 'd', inputSchema }] }));
    expect(message.userInputMessageContext?.tools?.[0]?.toolSpecification.inputSchema.json).toEqual({
      type: 'object',
      properties: { a: { type: 'object', properties: {} }, additionalProperties: { type: 'string' } },
      required: ['a'],
    });
  });

  it('case 20: data-URL and base64 images become Kiro images; remote URLs are dropped with a warning', () => {
    const req = request([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', source: { kind: 'url', url: 'data:image/png;base64,abc' } },
          {
            type: 'image',
            source: { kind: 'base64', mediaType: 'image/webp', data: 'UklGRiQAAABXRUJQVlA4' },
          },
          {
            type: 'image',
            source: { kind: 'base64', mediaType: 'image/png', data: 'data:image/png;base64,abc' },
          },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png?sig=secret' } },
        ],
      },
    ]);
    const { body, warnings } = convert(req);
    expect(body.conversationState.currentMessage.userInputMessage.images).toEqual([
      { format: 'png', source: { bytes: 'abc' } },
      { format: 'webp', source: { bytes: 'UklGRiQAAABXRUJQVlA4' } },
      { format: 'png', source: { bytes: 'abc' } },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('messages[0]');
    expect(warnings[0]).not.toContain('secret');
  });
});

describe('toKiroRequest: tool pairing', () => {
  const call = (id: string): Message => ({
    role: 'assistant',
    content: [
      { type: 'text', text: 'checking' },
      { type: 'tool-call', id, name: 'bash', input: { command: 'ls' } },
    ],
  });
  const result = (id: string, text = 'ok'): Message => ({
    role: 'user',
    content: [{ type: 'tool-result', toolCallId: id, content: [{ type: 'text', text }], isError: false }],
  });

  it('sends a matched tool round trip as toolUses and toolResults', () => {
    const req = request([user('go'), call('t1'), result('t1')], { tools: [bash] });
    expect(assistantAt(history(req), 1)).toEqual({
      content: 'checking',
      toolUses: [{ toolUseId: 't1', name: 'bash', input: { command: 'ls' } }],
    });
    expect(current(req).userInputMessageContext).toMatchObject({
      toolResults: [{ toolUseId: 't1', status: 'success', content: [{ text: 'ok' }] }],
    });
  });

  it('turns an orphan tool result into text', () => {
    const req = request([user('go'), assistant('no tools here'), result('ghost', 'late output')], {
      tools: [bash],
    });
    expect(current(req).userInputMessageContext?.toolResults).toBeUndefined();
    expect(current(req).content).toBe('[Tool Result (ghost)]\nlate output');
  });

  it('turns a history tool call that never got a result into text', () => {
    const req = request([user('go'), call('t1'), user('never mind')], { tools: [bash] });
    const reply = assistantAt(history(req), 1);
    expect(reply.toolUses).toBeUndefined();
    expect(reply.content).toBe('checking\n\n[Tool: bash (t1)]\n{"command": "ls"}');
  });

  it('keeps the first of duplicate tool result ids', () => {
    const req = request(
      [
        user('go'),
        call('t1'),
        {
          role: 'user',
          content: [
            {
              type: 'tool-result',
              toolCallId: 't1',
              content: [{ type: 'text', text: 'first' }],
              isError: false,
            },
            {
              type: 'tool-result',
              toolCallId: 't1',
              content: [{ type: 'text', text: 'second' }],
              isError: true,
            },
          ],
        },
      ],
      { tools: [bash] },
    );
    expect(current(req).userInputMessageContext?.toolResults).toEqual([
      { toolUseId: 't1', status: 'success', content: [{ text: 'first' }] },
    ]);
  });

  it('marks error results and carries tool-result images on the turn', () => {
    const req = request(
      [
        user('shot'),
        call('t1'),
        {
          role: 'user',
          content: [
            {
              type: 'tool-result',
              toolCallId: 't1',
              content: [
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
              ],
              isError: true,
            },
          ],
        },
      ],
      { tools: [bash] },
    );
    expect(current(req)).toMatchObject({
      images: [{ format: 'png', source: { bytes: 'iVBORw0KGgo=' } }],
      userInputMessageContext: { toolResults: [{ status: 'error', content: [{ text: '(empty result)' }] }] },
    });
  });

  it('re-encodes assistant thinking into the history text', () => {
    const req = request([
      user('q'),
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'hmm', signature: 'sig_1' },
          { type: 'text', text: 'answer' },
        ],
      },
      user('next'),
    ]);
    expect(assistantAt(history(req), 1).content).toBe('<thinking>hmm</thinking>\n\nanswer');
  });
});

describe('toKiroRequest: images', () => {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAE=';
  const jpeg = '/9j/4AAQSkZJRgABAQ==';
  const withImage = (data: string, mediaType = 'image/png'): Message => ({
    role: 'user',
    content: [
      { type: 'text', text: 'see' },
      { type: 'image', source: { kind: 'base64', mediaType, data } },
    ],
  });

  it('trusts the magic bytes over the declared media type', () => {
    expect(current(request([withImage(jpeg, 'image/png')])).images).toEqual([
      { format: 'jpeg', source: { bytes: jpeg } },
    ]);
  });

  it('drops images of unsupported types with a warning', () => {
    const { body, warnings } = convert(request([withImage('PHN2Zz48L3N2Zz4=', 'image/svg+xml')]));
    expect(body.conversationState.currentMessage.userInputMessage.images).toBeUndefined();
    expect(warnings[0]).toContain('image/svg+xml');
  });

  it('keeps images only in the most recent image-bearing turns', () => {
    const messages = [withImage(png), assistant('a'), withImage(png), assistant('b'), withImage(png)];
    const { body } = convert(request(messages), { maxImageMessages: 2 });
    const entries = body.conversationState.history ?? [];
    expect(userAt(entries, 0).images).toBeUndefined();
    expect(userAt(entries, 0).content).toBe('see\n[image omitted]');
    expect(userAt(entries, 2).images).toHaveLength(1);
    expect(body.conversationState.currentMessage.userInputMessage.images).toHaveLength(1);
  });
});

describe('toKiroRequest: thinking', () => {
  it('puts enabled-thinking tags at the start of the current message', () => {
    const message = current(request([user('Q')], { thinking: { type: 'enabled', budgetTokens: 8000 } }));
    expect(
      message.content.startsWith(
        '<thinking_mode>enabled</thinking_mode><max_thinking_length>8000</max_thinking_length>\n\n',
      ),
    ).toBe(true);
    expect(message.content.endsWith('\n\nQ')).toBe(true);
  });

  it('puts adaptive tags with the effort and explains the tags in the system prompt', () => {
    const req = request([user('Q1'), assistant('A1'), user('Q2')], {
      thinking: { type: 'adaptive', effort: 'medium' },
    });
    expect(current(req).content).toBe(
      '<thinking_mode>adaptive</thinking_mode><thinking_effort>medium</thinking_effort>\n\nQ2',
    );
    expect(userAt(history(req), 0).content).toMatch(
      /<thinking_mode>.*set by the client application[\s\S]*\n\nQ1$/,
    );
  });

  it('does not add tags twice', () => {
    const tagged = '<thinking_mode>enabled</thinking_mode> Q';
    expect(
      current(request([user(tagged)], { thinking: { type: 'enabled', budgetTokens: 1 } })).content,
    ).toMatch(/^The <thinking_mode>[\s\S]*<thinking_mode>enabled<\/thinking_mode> Q$/);
  });
});
