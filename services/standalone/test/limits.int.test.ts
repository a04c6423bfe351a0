import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LimitsStack, startLimitsStack } from './support/limits-stack.ts';

type Api = 'openai' | 'anthropic';
const apis: Api[] = ['openai', 'anthropic'];
const paths: Record<Api, string> = { openai: '/v1/chat/completions', anthropic: '/v1/messages' };

function chatBody(api: Api, content: string, stream = false): object {
  const messages = [{ role: 'user', content }];
  return api === 'openai'
    ? { model: 'claude-sonnet-4-6', messages, stream }
    : { model: 'claude-sonnet-4-6', max_tokens: 256, messages, stream };
}

function headers(api: Api, key: string): Record<string, string> {
  return api === 'openai'
    ? { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    : { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
}

/** A stream that stays open for a while: 30 word deltas, 100 ms apart. */
const slow = '[[sim:text 30]][[sim:delay 100]]';

async function chat(stack: LimitsStack, api: Api, key: string, content = 'hi', signal?: AbortSignal) {
  const stream = content.includes('[[sim:delay');
  const response = await fetch(`${stack.url}${paths[api]}`, {
    method: 'POST',
    headers: headers(api, key),
    body: JSON.stringify(chatBody(api, content, stream)),
    ...(signal ? { signal } : {}),
  });
  return response;
}

async function done(response: Response) {
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  };
}

/** A 429 in the caller's protocol, naming the limit, with retry-after. */
function expectRefusal(
  api: Api,
  answer: { status: number; retryAfter: string | null; text: string },
  message: RegExp,
) {
  expect(answer.status, answer.text).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  const body = JSON.parse(answer.text) as Record<string, { type: string; message: string; code?: string }>;
  if (api === 'openai') {
    expect(body.error).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(body.error!.message).toMatch(message);
  } else {
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(body.error!.message).toMatch(message);
  }
}

async function adminSession(stack: LimitsStack) {
  const login = await fetch(`${stack.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url },
    body: JSON.stringify({ password: stack.adminPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, origin: stack.url, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    limits: (userId: string) => call('GET', `/admin/api/users/${userId}/limits`),
    setLimits: (userId: string, limits: object) => call('PUT', `/admin/api/users/${userId}/limits`, limits),
  };
}

type LimitsView = { limits: Record<string, { limit: number; used: number; resets_at: string | null }> };

for (const redis of [true, false]) {
  const label = redis ? 'counters in Redis' : 'in-process counters';
  describeWithServices(
    `limits and budgets (${label})`,
    redis ? { postgres: true, redis: true } : { postgres: true },
    () => {
      let stack: LimitsStack;
      let admin: Awaited<ReturnType<typeof adminSession>>;
      beforeAll(async () => {
        // No pool-share cap here: each test is about one limit (the share has its own test below).
        stack = (await startLimitsStack({ redis, gatewayEnv: { POOL_SHARE_PERCENT: '0' } }))!;
        await stack.donatePublic(1);
        admin = await adminSession(stack);
      });
      afterAll(() => stack?.stop());

      it('requests per minute: an admin override applies at once; the request past it is a 429 in both protocols', async () => {
        const { userId, key } = await stack.user('rpm');
        const view = (await admin.limits(userId)).body as LimitsView & { defaults: Record<string, number> };
        // The defaults apply until an admin overrides them.
        expect(view.limits.requests_per_minute!.limit).toBe(view.defaults.requests_per_minute);
        expect(view.defaults.requests_per_minute).toBeGreaterThan(0);
        expect((await admin.setLimits(userId, { requests_per_minute: 2 })).status).toBe(200);
        for (const api of apis) {
          const answer = await done(await chat(stack, api, key));
          expect(answer.status, `${api}: ${answer.text}`).toBe(200);
        }
        for (const api of apis) {
          expectRefusal(
            api,
            await done(await chat(stack, api, key)),
            /Rate limit of 2 requests per minute exceeded for this account; retry in \d+s/,
          );
        }
        expect(((await admin.limits(userId)).body as LimitsView).limits.requests_per_minute).toMatchObject({
          limit: 2,
          used: 2,
        });
        // Raised by the admin: the gateway's cached verdict is dropped, the next request passes.
        await admin.setLimits(userId, { requests_per_minute: 10 });
        await expect.poll(async () => (await done(await chat(stack, 'openai', key))).status).toBe(200);
      });

      it('concurrent requests: the one over the limit is refused, and the slot comes back when a stream ends', async () => {
        const { userId, key } = await stack.user('conc');
        await admin.setLimits(userId, { concurrent_requests: 1 });
        const open = await chat(stack, 'anthropic', key, slow);
        expect(open.status).toBe(200);
        for (const api of apis) {
          expectRefusal(
            api,
            await done(await chat(stack, api, key)),
            /Concurrency limit of 1 requests at once reached for this account/,
          );
        }
        await open.text();
        await expect.poll(() => stack.openSlots(userId)).toBe(0);
        expect((await done(await chat(stack, 'openai', key))).status).toBe(200);
      });

      it('releases the slot of a stream the client aborts', async () => {
        const { userId, key } = await stack.user('abort');
        await admin.setLimits(userId, { concurrent_requests: 1 });
        for (const api of apis) {
          const client = new AbortController();
          const response = await chat(stack, api, key, slow, client.signal);
          expect(response.status).toBe(200);
          const reader = response.body!.getReader();
          await reader.read();
          expect(await stack.openSlots(userId)).toBe(1);
          client.abort();
          await reader.read().catch(() => undefined);
          await expect.poll(() => stack.openSlots(userId)).toBe(0);
        }
        expect((await done(await chat(stack, 'anthropic', key))).status).toBe(200);
      });

      it('daily credits: charged when a request finishes, the next one is refused until the day resets', async () => {
        const { userId, key } = await stack.user('credits');
        await admin.setLimits(userId, { daily_credits: 0.001 });
        expect((await done(await chat(stack, 'openai', key))).status).toBe(200);
        await expect
          .poll(async () => ((await admin.limits(userId)).body as LimitsView).limits.daily_credits!.used)
          .toBeGreaterThan(0.001);
        const midnight = new Date();
        midnight.setUTCHours(24, 0, 0, 0);
        for (const api of apis) {
          const answer = await done(await chat(stack, api, key));
          expectRefusal(
            api,
            answer,
            /Daily credit budget of 0\.001 exceeded for this account; resets in \d+[smh]/,
          );
          expect(Number(answer.retryAfter)).toBeLessThanOrEqual(
            Math.ceil((midnight.getTime() - Date.now()) / 1000) + 5,
          );
        }
        const view = (await admin.limits(userId)).body as LimitsView;
        expect(view.limits.daily_credits!.resets_at).toBe(midnight.toISOString());
        expect(view.limits.monthly_credits!.used).toBe(view.limits.daily_credits!.used);
      });

      it("daily tokens and a key's own monthly credits: the key is refused, the user's other key is not", async () => {
        const { userId, keyId, key } = await stack.user('tokens');
        const other = await stack.key(userId);
        await stack.setKeyLimits(keyId, { monthlyCredits: 0.001 });
        expect((await done(await chat(stack, 'anthropic', key))).status).toBe(200);
        await expect
          .poll(async () => ((await admin.limits(userId)).body as LimitsView).limits.daily_tokens!.used)
          .toBeGreaterThan(0);
        for (const api of apis) {
          expectRefusal(
            api,
            await done(await chat(stack, api, key)),
            /Monthly credit budget of 0\.001 exceeded for this key; resets in \d+[hd]/,
          );
        }
        expect((await done(await chat(stack, 'openai', other.key))).status).toBe(200);
        // Now the user's daily tokens: below what both requests used.
        await admin.setLimits(userId, { daily_tokens: 5 });
        for (const api of apis) {
          expectRefusal(
            api,
            await done(await chat(stack, api, other.key)),
            /Daily token budget of 5 exceeded for this account/,
          );
        }
      });
    },
  );
}

describeWithServices('one free key against the public pool', { postgres: true, redis: true }, () => {
  let stack: LimitsStack;
  beforeAll(async () => {
    // Two public tokens × 4 in flight = a pool of 8; a 25% share is 2 open requests per user.
    stack = (await startLimitsStack({ redis: true, gatewayEnv: { POOL_SHARE_PERCENT: '25' } }))!;
    await stack.donatePublic(2);
  });
  afterAll(() => stack?.stop());

  it('50 concurrent streams from one key never hold more than its share of the pool', async () => {
    const { userId, key } = await stack.user('greedy');
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_unused, i) => {
        const api = apis[i % 2]!;
        const response = await chat(stack, api, key, slow);
        const headersAt = performance.now() - started;
        const answer = await done(response);
        return { api, ...answer, from: headersAt, to: performance.now() - started };
      }),
    );
    const served = results.filter((result) => result.status === 200);
    const refused = results.filter((result) => result.status === 429);
    expect(served.length + refused.length).toBe(50);
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const result of refused) {
      expectRefusal(
        result.api,
        result,
        /Public pool share reached: this account may hold 2 of the pool's 8 concurrent requests/,
      );
    }
    // What the client saw of each served stream lies within the time the gateway held its slot, so
    // the most streams open at once on the client's clock bounds what the user held from below.
    const edges = served.flatMap((result) => [
      { at: result.from, step: 1 },
      { at: result.to, step: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at || a.step - b.step);
    let open = 0;
    let most = 0;
    for (const edge of edges) {
      open += edge.step;
      most = Math.max(most, open);
    }
    expect(most).toBeLessThanOrEqual(2);
    await expect.poll(() => stack.openSlots(userId)).toBe(0);
  });
});
