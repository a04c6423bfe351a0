import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, chatPath, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
let replicas: [TestGateway, TestGateway];
const chats = () => sim.stats().requests['POST /generateAssistantResponse'] ?? 0;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  const first = await startTestGateway(sim, { KIRO_MAX_PAYLOAD_BYTES: '20000' });
  const second = await startTestGateway(sim, {
    PROXY_API_KEY: first.proxyApiKey,
    KIRO_MAX_PAYLOAD_BYTES: '20000',
  });
  replicas = [first, second];
});
afterAll(async () => {
  await Promise.all(replicas?.map((gateway) => gateway.stop()) ?? []);
  await sim?.close();
});

const headers = () => authHeaders('anthropic', replicas[0].proxyApiKey);
/** Long enough (well over 200 tokens) that Kiro's context report says something about its size. */
const prompt = `Summarise this. ${'The quick brown fox jumps over the lazy dog; '.repeat(60)}`;
const request = {
  model: 'claude-sonnet-4-6',
  max_tokens: 256,
  messages: [{ role: 'user', content: prompt }],
};

async function counts(gateway: TestGateway): Promise<{ counted: number; started: number; finished: number }> {
  const count = await post(`${gateway.url}/v1/messages/count_tokens`, request, headers());
  expect(count.status, count.text).toBe(200);
  const stream = await post(`${gateway.url}${chatPath.anthropic}`, { ...request, stream: true }, headers());
  expect(stream.status, stream.text).toBe(200);
  const data = stream.text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)));
  return {
    counted: JSON.parse(count.text).input_tokens,
    started: data.find((event) => event.type === 'message_start').message.usage.input_tokens,
    finished: data.find((event) => event.type === 'message_delta').usage.input_tokens,
  };
}

describe('token counts', () => {
  it('count_tokens, message_start and message_delta agree, on both replicas, however many answers came back', async () => {
    const [a, b] = replicas;
    const before = await counts(b);
    // Answers that report Kiro's context usage go through one replica only.
    for (let i = 0; i < 5; i++) await counts(a);
    const onA = await counts(a);
    const onB = await counts(b);
    expect(before.counted).toBeGreaterThan(200);
    for (const result of [onA, onB]) expect(result).toEqual(before);
    expect(new Set([before.counted, before.started, before.finished]).size).toBe(1);
  });

  it('a body over KIRO_MAX_PAYLOAD_BYTES is "prompt is too long" before any upstream call', async () => {
    const [a] = replicas;
    const big = { ...request, messages: [{ role: 'user', content: 'x '.repeat(15_000) }] };
    const made = chats();
    const anthropic = await post(`${a.url}${chatPath.anthropic}`, big, headers());
    expect(anthropic.status).toBe(400);
    const error = JSON.parse(anthropic.text).error;
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^prompt is too long: \d+ tokens > \d+ maximum$/);
    const openai = await post(
      `${a.url}${chatPath.openai}`,
      { model: 'claude-sonnet-4-6', messages: big.messages },
      authHeaders('openai', a.proxyApiKey),
    );
    expect(openai.status).toBe(400);
    expect(JSON.parse(openai.text).error.code).toBe('context_length_exceeded');
    expect(chats()).toBe(made);
  });

  it('a built-in server tool is a 400 naming it, not a silent drop', async () => {
    const [a] = replicas;
    const response = await post(
      `${a.url}${chatPath.anthropic}`,
      { ...request, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] },
      headers(),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error.message).toContain(
      'the built-in tool "web_search" (web_search_20250305)',
    );
  });
});
