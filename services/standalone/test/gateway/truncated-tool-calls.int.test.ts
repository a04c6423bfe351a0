import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SseEvent, SseParser } from '@kirogate/eventstream';
import { type KiroSim, type RecordedChat, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, authHeaders, chatPath, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const model = 'claude-sonnet-4-6';
/** The simulator cuts every tool input above this, the way Kiro cuts large ones. */
const limit = 1500;
const path = '/tmp/kirogate-truncation/notes.txt';
const prompt = `Write the notes file. [[sim:write-file ${path} 3000]]`;

const tools = {
  openai: ['Write', 'Bash'].map((name) => ({
    type: 'function',
    function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: {} } },
  })),
  anthropic: ['Write', 'Bash'].map((name) => ({
    name,
    description: `The ${name} tool`,
    input_schema: { type: 'object', properties: {} },
  })),
};

function chat(api: Api, stream: boolean): object {
  const messages = [{ role: 'user', content: prompt }];
  return api === 'openai'
    ? {
        model,
        messages,
        stream,
        tools: tools.openai,
        ...(stream && { stream_options: { include_usage: true } }),
      }
    : { model, max_tokens: 4096, messages, stream, tools: tools.anthropic };
}

function normalise(sse: string): string {
  return sse
    .replace(/chatcmpl-[0-9a-f]{32}/g, 'chatcmpl-<id>')
    .replace(/msg_[0-9a-f]{24}/g, 'msg_<id>')
    .replace(/"created":\d+/g, '"created":0');
}

function eventsOf(sse: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(sse), ...parser.end()];
}

/** The tool calls a streamed answer carried, with their arguments put back together. */
function streamedCalls(api: Api, sse: string): Array<{ name: string; args: string }> {
  const calls: Array<{ name: string; args: string }> = [];
  for (const event of eventsOf(sse)) {
    if (event.data === '[DONE]') continue;
    const data = JSON.parse(event.data);
    if (api === 'openai') {
      for (const call of data.choices?.[0]?.delta?.tool_calls ?? []) {
        if (call.function?.name) calls[call.index] = { name: call.function.name, args: '' };
        if (call.function?.arguments) calls[call.index]!.args += call.function.arguments;
      }
    } else if (data.type === 'content_block_start' && data.content_block.type === 'tool_use') {
      calls.push({ name: data.content_block.name, args: '' });
    } else if (data.type === 'content_block_delta' && data.delta.type === 'input_json_delta') {
      calls.at(-1)!.args += data.delta.partial_json;
    }
  }
  return calls;
}

function conversationOf(chat: RecordedChat): { history: object[]; current: string } {
  const state = (
    chat.body as {
      conversationState: { history?: object[]; currentMessage: { userInputMessage: { content: string } } };
    }
  ).conversationState;
  return { history: state.history ?? [], current: state.currentMessage.userInputMessage.content };
}

let sim: KiroSim;
beforeAll(async () => {
  sim = await startKiroSim({ port: 0, toolInputLimitBytes: limit });
});
afterAll(() => sim?.close());

describe('a tool call Kiro cuts off is recovered within the same response', () => {
  const recorded = new Map<Api, { sse: string; chats: RecordedChat[] }>();

  beforeAll(async () => {
    for (const api of ['openai', 'anthropic'] as const) {
      // A gateway per recording: token estimates are calibrated by earlier answers.
      const gateway = await startTestGateway(sim);
      try {
        const before = sim.stats().requests['POST /generateAssistantResponse'] ?? 0;
        const response = await post(
          `${gateway.url}${chatPath[api]}`,
          chat(api, true),
          authHeaders(api, gateway.proxyApiKey),
        );
        expect(response.status, response.text).toBe(200);
        const made = (sim.stats().requests['POST /generateAssistantResponse'] ?? 0) - before;
        recorded.set(api, { sse: response.text, chats: sim.stats().recentChats.slice(-made) });
      } finally {
        await gateway.stop();
      }
    }
  });

  it.each(['openai', 'anthropic'] as const)('%s: stream matches its golden file', (api) => {
    const file = `${goldenDir}${api}-truncation-recovered.golden.sse`;
    const actual = normalise(recorded.get(api)!.sse);
    if (update) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it.each(['openai', 'anthropic'] as const)(
    '%s: only the complete call of the continuation reaches the client',
    (api) => {
      const { sse, chats } = recorded.get(api)!;
      expect(chats.map((chat) => chat.status)).toEqual([200, 200]);
      const continuation = conversationOf(chats[1]!);
      expect(continuation.current).toContain('"Write" was cut off after 1500 bytes');
      expect(continuation.current).toContain('at most 1000 bytes');
      expect(continuation.history).toHaveLength(2);

      const calls = streamedCalls(api, sse);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.name).toBe('Write');
      const input = JSON.parse(calls[0]!.args) as { file_path: string; content: string };
      expect(input.file_path).toBe(path);
      expect(Buffer.byteLength(calls[0]!.args)).toBeLessThanOrEqual(1000);
      expect(input.content.startsWith('line 000001:')).toBe(true);
      expect(sse).toContain(api === 'openai' ? '"finish_reason":"tool_calls"' : '"stop_reason":"tool_use"');
    },
  );

  it("non-streaming: the answer holds the continuation's complete call", async () => {
    const gateway = await startTestGateway(sim);
    try {
      const completion = await gateway.openai().chat.completions.create(chat('openai', false) as never);
      const message = (
        completion as {
          choices: Array<{
            message: { tool_calls?: Array<{ function: { name: string; arguments: string } }> };
            finish_reason: string;
          }>;
        }
      ).choices[0]!;
      expect(message.finish_reason).toBe('tool_calls');
      expect(message.message.tool_calls).toHaveLength(1);
      const input = JSON.parse(message.message.tool_calls![0]!.function.arguments) as { content: string };
      expect(input.content.startsWith('line 000001:')).toBe(true);
    } finally {
      await gateway.stop();
    }
  });
});

describe('when continuations do not help', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(sim, { TOOL_CALL_CONTINUATIONS: '0' });
  });
  afterAll(() => gateway?.stop());

  it.each(['openai', 'anthropic'] as const)(
    '%s: the client reads which call was cut and how to go on, and a normal end',
    async (api) => {
      const response = await post(
        `${gateway.url}${chatPath[api]}`,
        chat(api, true),
        authHeaders(api, gateway.proxyApiKey),
      );
      expect(response.status).toBe(200);
      expect(streamedCalls(api, response.text)).toEqual([]);
      const text = eventsOf(response.text)
        .filter((event) => event.data !== '[DONE]')
        .map((event) => JSON.parse(event.data))
        .map((data) =>
          api === 'openai' ? (data.choices?.[0]?.delta?.content ?? '') : (data.delta?.text ?? ''),
        )
        .join('');
      expect(text).toContain(
        'The call to the tool "Write" was not run: Kiro cut its input off after 1500 bytes',
      );
      expect(text).toContain('split the work into smaller steps');
      expect(response.text).toContain(
        api === 'openai' ? '"finish_reason":"stop"' : '"stop_reason":"end_turn"',
      );
      expect(response.text).not.toContain('error');
    },
  );

  it('cuts never cool the only credential down, are counted and the next request is served', async () => {
    for (let i = 0; i < 4; i++) {
      const response = await post(
        `${gateway.url}${chatPath.anthropic}`,
        chat('anthropic', false),
        authHeaders('anthropic', gateway.proxyApiKey),
      );
      expect(response.status, response.text).toBe(200);
      expect(JSON.parse(response.text).stop_reason).toBe('end_turn');
    }
    const plain = await post(
      `${gateway.url}${chatPath.anthropic}`,
      { model, max_tokens: 64, messages: [{ role: 'user', content: 'still there?' }] },
      authHeaders('anthropic', gateway.proxyApiKey),
    );
    expect(plain.status, plain.text).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.standalone.adminPort}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((row) => row.startsWith('kirogate_truncated_tool_calls_total{outcome="failed"'));
    expect(Number(line?.split(' ').at(-1))).toBeGreaterThanOrEqual(4);
  });
});
