import { randomBytes } from 'node:crypto';
import { fallbackKiroModels } from '@kirogate/api-gateway';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
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

function modelLabels(exposition: string): Set<string> {
  const labels = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (!line.startsWith('kirogate_')) continue;
    const match = /[{,]model="([^"]*)"/.exec(line);
    if (match?.[1] !== undefined) labels.add(match[1]);
  }
  return labels;
}

describe('model labels in /metrics', () => {
  it('stay the listed models or `other` after 100 requests naming random models', async () => {
    const names = Array.from({ length: 100 }, (_, n) =>
      n % 3 === 0 ? `claude-${randomBytes(4).toString('hex')}` : `model-${randomBytes(8).toString('hex')}`,
    );
    for (let start = 0; start < names.length; start += 10) {
      await Promise.all(
        names.slice(start, start + 10).map((model, n) => {
          const api: Api = n % 2 === 0 ? 'openai' : 'anthropic';
          return post(
            `${gateway.url}${chatPath[api]}`,
            minimalChat(api, 'hi', { model }),
            authHeaders(api, gateway.proxyApiKey),
          );
        }),
      );
    }
    const listed = await post(
      `${gateway.url}${chatPath.openai}`,
      minimalChat('openai', 'hi'),
      authHeaders('openai', gateway.proxyApiKey),
    );
    expect(listed.status).toBe(200);

    const exposition = await (await fetch(`http://127.0.0.1:${gateway.standalone.adminPort}/metrics`)).text();
    const labels = modelLabels(exposition);
    const allowed = new Set([...fallbackKiroModels.map((model) => model.modelId), 'other']);
    expect([...labels].filter((label) => !allowed.has(label))).toEqual([]);
    expect(labels.has('other')).toBe(true);
    expect(labels.has('claude-sonnet-4.6')).toBe(true);
    expect(exposition).toMatch(/kirogate_requests_total\{[^}]*model="other"[^}]*\} (\d+)/);
    const otherRequests = [
      ...exposition.matchAll(/kirogate_requests_total\{[^}]*model="other"[^}]*\} (\d+)/g),
    ].reduce((total, match) => total + Number(match[1]), 0);
    expect(otherRequests).toBe(100);
  });
});
