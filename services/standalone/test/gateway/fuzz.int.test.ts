import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, authHeaders, chatPath, minimalChat, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  gateway = await startTestGateway(sim, { BASE_RETRY_DELAY: '0.01', MAX_RETRIES: '1' });
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});

const leaf = fc.oneof(
  fc.constantFrom(
    'user',
    'assistant',
    'system',
    'tool',
    'text',
    'image',
    'tool_use',
    'tool_result',
    '',
    0,
    -1,
    null,
  ),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.boolean(),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('type', 'role', 'content', 'text', 'name', 'input', 'source'),
      tie('json'),
      {
        maxKeys: 3,
      },
    ),
  ),
}));
/** Bodies a client could send: JSON of every shape, request-like objects, and bytes that are not JSON. */
const body = fc.oneof(
  json.map((value) => JSON.stringify(value) ?? 'null'),
  fc
    .record(
      {
        model: fc.oneof(fc.constant('claude-sonnet-4-6'), json),
        max_tokens: fc.oneof(fc.constant(64), json),
        messages: fc.oneof(fc.array(json, { maxLength: 3 }), json),
        input: fc.oneof(fc.string({ maxLength: 20 }), fc.array(json, { maxLength: 3 }), json),
        tools: json,
        stream: json,
        temperature: json,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
);

/** The three chat APIs, each with the headers its SDKs send. */
const targets: { path: string; api: Api }[] = [
  { path: chatPath.openai, api: 'openai' },
  { path: chatPath.anthropic, api: 'anthropic' },
  { path: '/v1/responses', api: 'openai' },
];

describe('the gateway under fuzzed request bodies', () => {
  it('answers every body on all three APIs without a 5xx and then still serves a valid request', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async ({ path, api }, raw) => {
        const response = await post(`${gateway.url}${path}`, raw, authHeaders(api, gateway.proxyApiKey));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
        if (response.status >= 400) {
          const error = JSON.parse(response.text) as { error?: { message?: unknown } };
          expect(typeof error.error?.message).toBe('string');
        }
      }),
      { numRuns: 150 },
    );
    expect(statuses.get(400)).toBeGreaterThan(0);
    for (const api of ['openai', 'anthropic'] as const) {
      const response = await post(
        `${gateway.url}${chatPath[api]}`,
        minimalChat(api, 'still here?'),
        authHeaders(api, gateway.proxyApiKey),
      );
      expect(response.status).toBe(200);
    }
    const responses = await post(
      `${gateway.url}/v1/responses`,
      { model: 'claude-sonnet-4-6', input: 'still here?' },
      authHeaders('openai', gateway.proxyApiKey),
    );
    expect(responses.status).toBe(200);
  });
});
