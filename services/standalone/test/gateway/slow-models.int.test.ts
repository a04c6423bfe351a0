import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, chatPath, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  // First event after 3 s: past the 2 s first-token timeout, well within the opus one (2 s × 5).
  gateway = await startTestGateway(sim, {
    FIRST_TOKEN_TIMEOUT: '2',
    FIRST_TOKEN_MAX_RETRIES: '1',
    SLOW_MODEL_TIMEOUT_MULTIPLIER: '5',
  });
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});

async function ask(model: string): Promise<{ status: number; chats: number }> {
  const before = sim.stats().requests['POST /generateAssistantResponse'] ?? 0;
  const response = await post(
    `${gateway.url}${chatPath.anthropic}`,
    {
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Slow start [[sim:fault slow-first-event:3000]]' }],
    },
    authHeaders('anthropic', gateway.proxyApiKey),
  );
  return {
    status: response.status,
    chats: (sim.stats().requests['POST /generateAssistantResponse'] ?? 0) - before,
  };
}

describe('SLOW_MODEL_TIMEOUT_MULTIPLIER', () => {
  it('gives opus models the longer first-token timeout, and only them', async () => {
    expect(await ask('claude-opus-4-5')).toEqual({ status: 200, chats: 1 });
    const sonnet = await ask('claude-sonnet-4-5');
    expect(sonnet.status).toBe(504);
    expect(sonnet.chats).toBe(2);
  });
});
