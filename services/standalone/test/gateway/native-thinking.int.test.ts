import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type KiroSim, type RecordedChat, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, authHeaders, chatPath, post } from './support/raw-http.ts';
import { startTestGateway } from './support/start-test-gateway.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const model = 'claude-sonnet-4-6';
const prompt =
  'Weather in Paris and Rome? [[sim:fault native-reasoning]] [[sim:fragments 2]] [[sim:call get_weather {"city": "Paris"}]] [[sim:call get_weather {"city": "Rome"}]]';
const tool = {
  openai: {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: {} },
    },
  },
  anthropic: {
    name: 'get_weather',
    description: 'Current weather',
    input_schema: { type: 'object', properties: {} },
  },
};

function chat(api: Api, content: string, stream: boolean): object {
  const messages = [{ role: 'user', content }];
  return api === 'openai'
    ? {
        model,
        messages,
        stream,
        reasoning_effort: 'high',
        tools: [tool.openai],
        ...(stream && { stream_options: { include_usage: true } }),
      }
    : {
        model,
        max_tokens: 4096,
        messages,
        stream,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: [tool.anthropic],
      };
}

function normalise(sse: string): string {
  return sse
    .replace(/chatcmpl-[0-9a-f]{32}/g, 'chatcmpl-<id>')
    .replace(/msg_[0-9a-f]{24}/g, 'msg_<id>')
    .replace(/"created":\d+/g, '"created":0');
}

function currentContent(chat: RecordedChat | undefined): string {
  const body = chat?.body as
    | { conversationState: { currentMessage: { userInputMessage: { content: string } } } }
    | undefined;
  return body?.conversationState.currentMessage.userInputMessage.content ?? '';
}

let sim: KiroSim;
beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
});
afterAll(() => sim?.close());

describe('native thinking (reasoningContentEvent), interleaved with tool calls', () => {
  const recorded = new Map<Api, { sse: string; sent: string }>();
  beforeAll(async () => {
    for (const api of ['openai', 'anthropic'] as const) {
      const gateway = await startTestGateway(sim, {
        NATIVE_THINKING_MODELS: 'claude-sonnet-4.6,claude-opus-*',
      });
      try {
        const response = await post(
          `${gateway.url}${chatPath[api]}`,
          chat(api, prompt, true),
          authHeaders(api, gateway.proxyApiKey),
        );
        expect(response.status, response.text).toBe(200);
        recorded.set(api, { sse: response.text, sent: JSON.stringify(sim.stats().recentChats.at(-1)?.body) });
      } finally {
        await gateway.stop();
      }
    }
  });

  it.each(['openai', 'anthropic'] as const)('%s: stream matches its golden file', (api) => {
    const file = `${goldenDir}${api}-native-thinking.golden.sse`;
    const actual = normalise(recorded.get(api)!.sse);
    if (update) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it.each(['openai', 'anthropic'] as const)('%s: a native model gets no thinking tags', (api) => {
    expect(recorded.get(api)!.sent).not.toContain('<thinking_mode>');
  });

  it("anthropic: thinking blocks carry Kiro's signature and come before each tool call", () => {
    const blocks = recorded
      .get('anthropic')!
      .sse.split('\n')
      .filter((line) => line.startsWith('data: {"type":"content_block_start"'))
      .map((line) => JSON.parse(line.slice(6)).content_block.type);
    expect(blocks).toEqual(['thinking', 'text', 'tool_use', 'thinking', 'tool_use']);
    expect(recorded.get('anthropic')!.sse).toMatch(/"signature_delta","signature":"[A-Za-z0-9+/]{40}"/);
  });

  it('openai: the thinking arrives as reasoning_content', () => {
    expect(recorded.get('openai')!.sse).toContain('"reasoning_content":"');
  });

  it('anthropic non-streaming: redacted reasoning becomes a redacted_thinking block', async () => {
    const gateway = await startTestGateway(sim, { NATIVE_THINKING_MODELS: 'claude-sonnet-4.6' });
    try {
      const response = await post(
        `${gateway.url}${chatPath.anthropic}`,
        chat('anthropic', 'Hi [[sim:fault redacted-reasoning]]', false),
        authHeaders('anthropic', gateway.proxyApiKey),
      );
      const content = JSON.parse(response.text).content as Array<{ type: string; data?: string }>;
      expect(content[0]?.type).toBe('redacted_thinking');
      expect(Buffer.from(content[0]!.data!, 'base64').toString()).toMatch(/^redacted:/);
      expect(content.at(-1)?.type).toBe('text');

      // Models not listed keep the tags, but never on a turn that only returns tool results.
      const openai = await post(
        `${gateway.url}${chatPath.openai}`,
        { ...chat('openai', 'Hi', false), model: 'claude-haiku-4-5' },
        authHeaders('openai', gateway.proxyApiKey),
      );
      expect(openai.status).toBe(200);
      expect(currentContent(sim.stats().recentChats.at(-1))).toContain('<thinking_mode>');
      const toolTurn = await post(
        `${gateway.url}${chatPath.openai}`,
        {
          ...chat('openai', 'Hi', false),
          model: 'claude-haiku-4-5',
          messages: [
            { role: 'user', content: 'Weather?' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
              ],
            },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          ],
        },
        authHeaders('openai', gateway.proxyApiKey),
      );
      expect(toolTurn.status, toolTurn.text).toBe(200);
      expect(currentContent(sim.stats().recentChats.at(-1))).not.toContain('<thinking_mode>');
    } finally {
      await gateway.stop();
    }
  });
});
