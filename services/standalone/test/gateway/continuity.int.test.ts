import { type KiroSim, type RecordedChat, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, chatPath, minimalChat, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
let replicas: [TestGateway, TestGateway];

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  // Two gateways with the same proxy key play two replicas of one deployment.
  const first = await startTestGateway(sim);
  const second = await startTestGateway(sim, { PROXY_API_KEY: first.proxyApiKey });
  replicas = [first, second];
});
afterAll(async () => {
  await Promise.all(replicas?.map((gateway) => gateway.stop()) ?? []);
  await sim?.close();
});

function conversationIdOf(chat: RecordedChat | undefined): string {
  return (
    (chat?.body as { conversationState: { conversationId: string } } | undefined)?.conversationState
      .conversationId ?? ''
  );
}

async function lastConversationId(
  gateway: TestGateway,
  api: 'openai' | 'anthropic',
  body: object,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await post(`${gateway.url}${chatPath[api]}`, body, {
    // The second replica was started with the first one's key.
    ...authHeaders(api, replicas[0].proxyApiKey),
    ...headers,
  });
  expect(response.status, response.text).toBe(200);
  return conversationIdOf(sim.stats().recentChats.at(-1));
}

describe('Kiro conversationId', () => {
  it('is the same for every turn of a Claude Code session, on every replica', async () => {
    const [a, b] = replicas;
    const session = { 'x-claude-code-session-id': '2f0c7f0e-1b7e-4a7e-9e51-0c2b3c4d5e6f' };
    const first = await lastConversationId(a, 'anthropic', minimalChat('anthropic', 'turn one'), session);
    const second = await lastConversationId(b, 'anthropic', minimalChat('anthropic', 'turn two'), session);
    const other = await lastConversationId(a, 'anthropic', minimalChat('anthropic', 'turn one'), {
      'x-claude-code-session-id': '00000000-1b7e-4a7e-9e51-0c2b3c4d5e6f',
    });
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it("follows Claude Code's metadata.user_id session and OpenAI prompt_cache_key / user", async () => {
    const [a, b] = replicas;
    const userId = 'user_abc_account__session_8d1c2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f';
    const viaMetadata = (text: string) => ({
      ...minimalChat('anthropic', text),
      metadata: { user_id: userId },
    });
    expect(await lastConversationId(a, 'anthropic', viaMetadata('one'))).toBe(
      await lastConversationId(b, 'anthropic', viaMetadata('two')),
    );
    const cacheKey = (text: string) => minimalChat('openai', text, { prompt_cache_key: 'project-7' });
    expect(await lastConversationId(a, 'openai', cacheKey('one'))).toBe(
      await lastConversationId(b, 'openai', cacheKey('two')),
    );
    const user = (text: string) => minimalChat('openai', text, { user: 'end-user-42' });
    expect(await lastConversationId(a, 'openai', user('one'))).toBe(
      await lastConversationId(b, 'openai', user('two')),
    );
  });

  it('without any session hint, follows the conversation (first user message), not the request', async () => {
    const [a, b] = replicas;
    const turn = (extra: object[]) => ({
      ...minimalChat('openai', 'start of a conversation'),
      messages: [{ role: 'user', content: 'start of a conversation' }, ...extra],
    });
    const first = await lastConversationId(a, 'openai', turn([]));
    const later = await lastConversationId(
      b,
      'openai',
      turn([
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'next' },
      ]),
    );
    const unrelated = await lastConversationId(a, 'openai', minimalChat('openai', 'something else'));
    expect(later).toBe(first);
    expect(unrelated).not.toBe(first);
  });
});

describe('prompt-cache usage', () => {
  it("reports Kiro's cache reads and writes in both protocols, and zero when Kiro sends none", async () => {
    const [gateway] = replicas;
    const cached = 'Cached [[sim:fault cache-usage:1200/300]]';
    const anthropic = await post(
      `${gateway.url}${chatPath.anthropic}`,
      minimalChat('anthropic', cached),
      authHeaders('anthropic', gateway.proxyApiKey),
    );
    expect(JSON.parse(anthropic.text).usage).toMatchObject({
      cache_read_input_tokens: 1200,
      cache_creation_input_tokens: 300,
    });
    const streamed = await post(
      `${gateway.url}${chatPath.anthropic}`,
      minimalChat('anthropic', cached, { stream: true }),
      authHeaders('anthropic', gateway.proxyApiKey),
    );
    expect(streamed.text).toMatch(
      /"type":"message_delta".*"cache_creation_input_tokens":300,"cache_read_input_tokens":1200/,
    );

    const openai = await post(
      `${gateway.url}${chatPath.openai}`,
      minimalChat('openai', cached),
      authHeaders('openai', gateway.proxyApiKey),
    );
    expect(JSON.parse(openai.text).usage.prompt_tokens_details).toEqual({ cached_tokens: 1200 });

    const plain = await post(
      `${gateway.url}${chatPath.anthropic}`,
      minimalChat('anthropic', 'no cache'),
      authHeaders('anthropic', gateway.proxyApiKey),
    );
    expect(JSON.parse(plain.text).usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    const plainOpenAi = await post(
      `${gateway.url}${chatPath.openai}`,
      minimalChat('openai', 'no cache'),
      authHeaders('openai', gateway.proxyApiKey),
    );
    expect(JSON.parse(plainOpenAi.text).usage.prompt_tokens_details).toBeUndefined();
  });
});
