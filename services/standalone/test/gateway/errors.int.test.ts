import { APIError } from '@anthropic-ai/sdk';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { APIError as OpenAiApiError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { expectErrorBody, expectErrorResponse, expectNoLeak } from './support/expect-error.ts';
import { type Api, authHeaders, chatPath, minimalChat, post, readSse } from './support/raw-http.ts';
import { sum } from './support/sim-chats.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

const apis: Api[] = ['openai', 'anthropic'];

/** Short backoff (in seconds, as in production) so retries cost no time. */
const fastFaults = { BASE_RETRY_DELAY: '0.01', MAX_RETRIES: '3' };

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim, fastFaults);
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});
beforeEach(() => sim.clearFaults());

/**
 * A gateway of its own for one test: upstream faults change how the broker rates its only credential
 * (cooldowns), which must not leak into the next test. It stops when the test ends, so its database
 * connections are not held while the rest of the file runs.
 */
async function freshGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const started = await startTestGateway(sim, { ...fastFaults, ...env });
  onTestFinished(() => started.stop());
  return started;
}

function chat(target: TestGateway, api: Api, body: string | object, key = target.proxyApiKey) {
  return post(`${target.url}${chatPath[api]}`, body, authHeaders(api, key));
}

describe('errors before the upstream is called', () => {
  it('answers malformed JSON with 400 invalid_request_error in both protocols', async () => {
    for (const api of apis) {
      const response = await chat(gateway, api, '{"model": "claude-sonnet-4-6", "messages": [');
      expectErrorResponse(api, response, {
        status: 400,
        type: 'invalid_request_error',
        ...(api === 'openai' ? { code: 'invalid_json' } : {}),
        message: /JSON/,
      });
      expectNoLeak(response.text, gateway);
    }
  });

  it('answers a schema violation with 400 naming the field in both protocols', async () => {
    for (const api of apis) {
      const body = { ...minimalChat(api, 'hi'), messages: [{ role: 'user', content: 42 }] };
      const response = await chat(gateway, api, body);
      const message = expectErrorResponse(api, response, { status: 400, type: 'invalid_request_error' });
      expect(message).toMatch(/messages\.0\.content|messages\[0\]\.content/);
      if (api === 'openai') expect(JSON.parse(response.text).error.param).toMatch(/messages.*content/);
      expectNoLeak(response.text, gateway);
    }
    const noMaxTokens = await chat(gateway, 'anthropic', {
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(
      expectErrorResponse('anthropic', noMaxTokens, { status: 400, type: 'invalid_request_error' }),
    ).toMatch(/max_tokens/);
  });

  it('answers a missing or wrong key with 401 in both protocols', async () => {
    for (const api of apis) {
      const missing = await post(`${gateway.url}${chatPath[api]}`, minimalChat(api, 'hi'));
      expectErrorResponse(api, missing, {
        status: 401,
        type: api === 'openai' ? 'invalid_request_error' : 'authentication_error',
        ...(api === 'openai' ? { code: 'invalid_api_key' } : {}),
      });
      const wrongKey = `${gateway.proxyApiKey}-wrong`;
      const wrong = await chat(gateway, api, minimalChat(api, 'hi'), wrongKey);
      expectErrorResponse(api, wrong, {
        status: 401,
        type: api === 'openai' ? 'invalid_request_error' : 'authentication_error',
        ...(api === 'openai' ? { code: 'invalid_api_key' } : {}),
      });
      expect(wrong.text).not.toContain(wrongKey);
      expectNoLeak(missing.text + wrong.text, gateway);
    }
    await expect(
      gateway.openai('nope').chat.completions.create(minimalChat('openai', 'hi') as never),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      gateway.anthropic('nope').messages.create(minimalChat('anthropic', 'hi') as never),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('answers a body over MAX_REQUEST_BODY_MB with 413 in both protocols', async () => {
    const small = await freshGateway({ MAX_REQUEST_BODY_MB: '0.1' });
    for (const api of apis) {
      const response = await chat(small, api, minimalChat(api, 'lorem ipsum '.repeat(15_000)));
      expectErrorResponse(api, response, {
        status: 413,
        type: api === 'openai' ? 'invalid_request_error' : 'request_too_large',
        ...(api === 'openai' ? { code: 'request_too_large' } : {}),
      });
      expectNoLeak(response.text, small);
    }
    const fits = await chat(small, 'openai', minimalChat('openai', 'lorem ipsum '.repeat(4_000)));
    expect(fits.status).toBe(200);
  });

  it('answers the request over RATE_LIMIT_PER_MINUTE with 429 and retry-after in both protocols', async () => {
    const limited = await freshGateway({ RATE_LIMIT_PER_MINUTE: '2' });
    expect((await chat(limited, 'openai', minimalChat('openai', 'one'))).status).toBe(200);
    expect((await chat(limited, 'anthropic', minimalChat('anthropic', 'two'))).status).toBe(200);
    for (const api of apis) {
      const response = await chat(limited, api, minimalChat(api, 'three'));
      expectErrorResponse(api, response, {
        status: 429,
        type: api === 'openai' ? 'requests' : 'rate_limit_error',
        ...(api === 'openai' ? { code: 'rate_limit_exceeded' } : {}),
      });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expectNoLeak(response.text, limited);
    }
  });
});

describe('upstream errors before the first byte', () => {
  it('turns Kiro CONTENT_LENGTH_EXCEEDS_THRESHOLD into 400 "prompt is too long" in both protocols', async () => {
    for (const api of apis) {
      const response = await chat(gateway, api, minimalChat(api, 'long [[sim:fault content-too-long]]'));
      expectErrorResponse(api, response, {
        status: 400,
        type: 'invalid_request_error',
        ...(api === 'openai' ? { code: 'context_length_exceeded' } : {}),
        message: /prompt is too long/,
      });
      expectNoLeak(response.text, gateway);
    }
  });

  it('turns a 402 on the only credential into 429 in both protocols', async () => {
    for (const api of apis) {
      const own = await freshGateway();
      const response = await chat(own, api, minimalChat(api, 'spend [[sim:fault quota-exhausted]]'));
      expectErrorResponse(api, response, {
        status: 429,
        type: api === 'openai' ? 'insufficient_quota' : 'rate_limit_error',
        ...(api === 'openai' ? { code: 'insufficient_quota' } : {}),
        message: /quota/,
      });
      // An exhausted account is not asked again within the same request.
      expect(sim.stats().chatsByAccount[own.refreshToken]).toBe(1);
      expectNoLeak(response.text, own);
    }
  });

  it('answers 529 overloaded after every retry met a 503, and 502 after 500s, in both protocols', async () => {
    for (const api of apis) {
      const own = await freshGateway();
      const response = await chat(own, api, minimalChat(api, 'busy [[sim:fault service-unavailable]]'));
      expectErrorResponse(api, response, {
        status: 529,
        type: api === 'openai' ? 'server_error' : 'overloaded_error',
        ...(api === 'openai' ? { code: 'overloaded' } : {}),
      });
      expect(sim.stats().chatsByAccount[own.refreshToken]).toBe(Number(fastFaults.MAX_RETRIES));
      expectNoLeak(response.text, own);

      const broken = await freshGateway();
      const failed = await chat(broken, api, minimalChat(api, 'broken [[sim:fault internal-error]]'));
      expectErrorResponse(api, failed, {
        status: 502,
        type: api === 'openai' ? 'server_error' : 'api_error',
      });
      expectNoLeak(failed.text, broken);
    }
  });

  it('refreshes exactly once and retries once when Kiro says the access token is stale', async () => {
    for (const api of apis) {
      const own = await freshGateway();
      expect((await chat(own, api, minimalChat(api, 'warm up'))).status).toBe(200);
      const before = sim.stats();
      sim.queueFaults('stale-token', 1);
      const response = await chat(own, api, minimalChat(api, 'after stale token'));
      expect(response.status).toBe(200);
      const after = sim.stats();
      expect(sum(after.refreshesByToken) - sum(before.refreshesByToken)).toBe(1);
      expect(
        (after.chatsByAccount[own.refreshToken] ?? 0) - (before.chatsByAccount[own.refreshToken] ?? 0),
      ).toBe(2);
      expect(after.faults['stale-token']).toBe((before.faults['stale-token'] ?? 0) + 1);
    }
  });

  it('succeeds after throttled, throttled, success by backing off on the only credential', async () => {
    for (const api of apis) {
      const own = await freshGateway();
      sim.queueFaults('throttled', 2);
      const before = sim.stats().chatsByAccount[own.refreshToken] ?? 0;
      const response = await chat(own, api, minimalChat(api, 'through throttling'));
      expect(response.status, response.text).toBe(200);
      expect((sim.stats().chatsByAccount[own.refreshToken] ?? 0) - before).toBe(3);
    }
  });

  it('retries a first-token timeout, then answers 504 in both protocols', async () => {
    for (const api of apis) {
      // The simulator holds the first event for 5 s, far beyond this timeout, so every attempt times out.
      const own = await freshGateway({ FIRST_TOKEN_TIMEOUT: '0.3', FIRST_TOKEN_MAX_RETRIES: '1' });
      const before = sim.stats().chatsByAccount[own.refreshToken] ?? 0;
      const response = await chat(
        own,
        api,
        minimalChat(api, 'slow [[sim:fault slow-first-event:5000]]', { stream: true }),
      );
      const message = expectErrorResponse(api, response, {
        status: 504,
        type: api === 'openai' ? 'server_error' : 'timeout_error',
        ...(api === 'openai' ? { code: 'timeout' } : {}),
      });
      expect(message).toMatch(/did not respond/);
      expect(message).toMatch(/2 attempts/);
      expect((sim.stats().chatsByAccount[own.refreshToken] ?? 0) - before).toBe(2);
      expectNoLeak(response.text, own);
    }
  });
});

describe('upstream errors after the first byte', () => {
  async function streamEvents(target: TestGateway, api: Api, content: string) {
    const response = await fetch(`${target.url}${chatPath[api]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(api, target.proxyApiKey) },
      body: JSON.stringify(minimalChat(api, content, { stream: true })),
    });
    // The body says why when the stream was refused before it started.
    if (response.status !== 200) expect.fail(`${response.status}: ${await response.text()}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return readSse(response);
  }

  /**
   * Raw SSE: some answer, then one in-band error as the last event and no normal end; then both SDKs
   * throw on the same stream. Each on a gateway of its own: the failures count against its credential.
   */
  async function expectInBandError(content: string): Promise<void> {
    for (const api of apis) {
      const target = await freshGateway();
      const events = await streamEvents(target, api, content);
      expectNoLeak(JSON.stringify(events), target);
      const last = events.at(-1)!;
      if (api === 'anthropic') {
        expect(events[0]?.event).toBe('message_start');
        expect(events.some((event) => event.event === 'content_block_delta')).toBe(true);
        expect(last.event).toBe('error');
        expect(events.some((event) => event.event === 'message_stop')).toBe(false);
      } else {
        expect(JSON.parse(events[0]!.data)).toMatchObject({ object: 'chat.completion.chunk' });
        expect(last.event).toBeUndefined();
        expect(events.some((event) => event.data === '[DONE]')).toBe(false);
      }
      const body = JSON.parse(last.data) as Record<string, unknown>;
      expectErrorBody(api, body, { type: api === 'openai' ? 'server_error' : 'api_error' });
    }

    const target = await freshGateway();
    const openAiStream = await target.openai().chat.completions.create({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content }],
      stream: true,
    });
    const openAiError = await (async () => {
      for await (const _chunk of openAiStream);
    })().catch((caught: unknown) => caught);
    expect(openAiError).toBeInstanceOf(OpenAiApiError);
    const anthropicStream = target.anthropic().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content }],
    });
    await expect(anthropicStream.finalMessage()).rejects.toBeInstanceOf(APIError);
  }

  it('ends the stream with an in-band error after a mid-stream exception, and the SDKs throw', async () => {
    await expectInBandError(
      'boom [[sim:text 20]] [[sim:fault mid-stream-exception:InternalServerException]]',
    );
  });

  it('ends the stream with an in-band error when Kiro cuts the stream, and the SDKs throw', async () => {
    await expectInBandError('cut [[sim:text 20]] [[sim:fault cut-stream]]');
  });

  it('ends the stream with an in-band error when a frame fails its CRC, and the SDKs throw', async () => {
    await expectInBandError('crc [[sim:text 20]] [[sim:fault bad-crc]]');
  });
});
