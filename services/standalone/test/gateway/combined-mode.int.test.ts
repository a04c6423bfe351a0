import Anthropic from '@anthropic-ai/sdk';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { expectErrorResponse, expectNoLeak } from './support/expect-error.ts';
import { authHeaders, chatPath, minimalChat, post } from './support/raw-http.ts';
import { fakeRefreshToken, startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim);
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});
beforeEach(() => sim.clearFaults());

describe('combined mode (PROXY_API_KEY:REFRESH_TOKEN)', () => {
  it("refreshes and uses the caller's own refresh token, not the server's", async () => {
    const ownOpenAi = fakeRefreshToken();
    const ownAnthropic = fakeRefreshToken();
    const before = sim.stats();

    const completion = await gateway
      .openai(`${gateway.proxyApiKey}:${ownOpenAi}`)
      .chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'mine' }] });
    expect(completion.choices[0]?.message.content).toBe('You said: mine');
    // Anthropic clients may send the combined key as a bearer token instead of x-api-key.
    const bearer = new Anthropic({
      apiKey: null,
      authToken: `${gateway.proxyApiKey}:${ownAnthropic}`,
      baseURL: gateway.url,
      maxRetries: 0,
    });
    const message = await bearer.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'mine too' }],
    });
    expect(message.content).toMatchObject([{ type: 'text', text: 'You said: mine too' }]);

    const after = sim.stats();
    for (const own of [ownOpenAi, ownAnthropic]) {
      expect(after.refreshesByToken[own]).toBe(1);
      expect(after.chatsByAccount[own]).toBe(1);
    }
    expect(after.chatsByAccount[gateway.refreshToken] ?? 0).toBe(
      before.chatsByAccount[gateway.refreshToken] ?? 0,
    );
  });

  it("answers 401 when Kiro rejects the caller's refresh token, and releases the lease", async () => {
    for (const api of ['openai', 'anthropic'] as const) {
      const own = fakeRefreshToken();
      const key = `${gateway.proxyApiKey}:${own}`;
      expect(
        (await post(`${gateway.url}${chatPath[api]}`, minimalChat(api, 'first'), authHeaders(api, key)))
          .status,
      ).toBe(200);
      // The cached access token goes stale and the refresh token has been revoked meanwhile.
      sim.setTokenState(own, 'revoked');
      sim.queueFaults('stale-token', 1);
      const response = await post(
        `${gateway.url}${chatPath[api]}`,
        minimalChat(api, 'second'),
        authHeaders(api, key),
      );
      expectErrorResponse(api, response, {
        status: 401,
        type: api === 'openai' ? 'invalid_request_error' : 'authentication_error',
        message: /refresh token/,
      });
      expectNoLeak(response.text, gateway);
      expect(response.text).not.toContain(own);
      await eventually(async () => expect((await gateway.health()).pool.inFlight).toBe(0));
    }
  });
});
