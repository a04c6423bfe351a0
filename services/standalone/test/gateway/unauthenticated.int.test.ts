import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { type Api, authHeaders, chatPath, minimalChat, post, type RawResponse } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await sim?.close();
});

async function gatewayWith(env: Record<string, string>): Promise<TestGateway> {
  const gateway = await startTestGateway(sim, env);
  gateways.push(gateway);
  return gateway;
}

function chatFrom(gateway: TestGateway, api: Api, key: string, forwardedFor: string): Promise<RawResponse> {
  return post(`${gateway.url}${chatPath[api]}`, minimalChat(api, 'hi'), {
    ...authHeaders(api, key),
    'x-forwarded-for': forwardedFor,
  });
}

describe('failed authentications per client IP', () => {
  it('are answered with 429 in the caller protocol once an address goes over the limit', async () => {
    const gateway = await gatewayWith({ AUTH_FAILURES_PER_MINUTE: '3' });
    for (let n = 0; n < 3; n += 1) {
      expect((await chatFrom(gateway, 'openai', `sk-wrong-${n}`, '198.51.100.7')).status).toBe(401);
    }
    let refused: RawResponse | undefined;
    await eventually(async () => {
      refused = await chatFrom(gateway, 'anthropic', 'sk-wrong-again', '198.51.100.7');
      expect(refused.status).toBe(429);
    });
    if (!refused) throw new Error('unreachable');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(refused.text)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    // Blocked is the address, not the key: nothing is looked up for it until the block ends.
    const blockedGoodKey = await chatFrom(gateway, 'openai', gateway.proxyApiKey, '198.51.100.7');
    expect(blockedGoodKey.status).toBe(429);
    expect(JSON.parse(blockedGoodKey.text).error.message).toMatch(/failed authentications/);
    // Other addresses are not affected.
    expect((await chatFrom(gateway, 'openai', 'sk-wrong', '198.51.100.8')).status).toBe(401);
    expect((await chatFrom(gateway, 'openai', gateway.proxyApiKey, '198.51.100.9')).status).toBe(200);
  });

  it('count the socket address when TRUSTED_PROXIES does not trust the peer, whatever X-Forwarded-For says', async () => {
    const gateway = await gatewayWith({ AUTH_FAILURES_PER_MINUTE: '3', TRUSTED_PROXIES: '192.0.2.1' });
    for (let n = 0; n < 3; n += 1) {
      expect((await chatFrom(gateway, 'openai', 'sk-wrong', `203.0.113.${n}`)).status).toBe(401);
    }
    await eventually(async () => {
      expect((await chatFrom(gateway, 'openai', 'sk-wrong', `203.0.113.${Math.random() * 250}`)).status).toBe(
        429,
      );
    });
  });
});

describe('per-visitor state in standalone mode', () => {
  it('10,000 OAuth login starts do not evict the cached access token (service state)', async () => {
    // Rotation off: a rotated refresh token is refreshed again once, which would blur the count.
    const quietSim = await startKiroSim({ port: 0, rotation: 'off' });
    const gateway = await startTestGateway(quietSim, {
      GITHUB_CLIENT_ID: 'gh-client',
      GITHUB_CLIENT_SECRET: 'gh-secret',
      GITHUB_OAUTH_URL: `${quietSim.url}/github`,
      GITHUB_API_URL: `${quietSim.url}/github/api`,
    });
    gateways.push(gateway);
    const refreshes = (): number => quietSim.stats().refreshesByToken[gateway.refreshToken] ?? 0;
    // The first requests also refresh in the background (models, quota); wait for a quiet count.
    let before = -1;
    await eventually(async () => {
      expect((await chatFrom(gateway, 'openai', gateway.proxyApiKey, '127.0.0.1')).status).toBe(200);
      const now = refreshes();
      const settled = now === before;
      before = now;
      expect(settled).toBe(true);
    });
    expect(before).toBeGreaterThan(0);

    const logins = 10_000;
    let next = 0;
    let redirected = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < logins) {
          const n = next;
          next += 1;
          const response = await fetch(`${gateway.url}/oauth2/github/login`, {
            redirect: 'manual',
            headers: { 'x-forwarded-for': `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}` },
          });
          await response.arrayBuffer();
          if (response.status === 302) redirected += 1;
        }
      }),
    );
    expect(redirected).toBe(logins);

    expect((await chatFrom(gateway, 'openai', gateway.proxyApiKey, '127.0.0.1')).status).toBe(200);
    expect(refreshes()).toBe(before);
    await gateway.stop();
    await quietSim.close();
  }, 180_000);
});
