import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KiroSim, startKiroSim } from '../src/index.ts';
import { chat, chatBody, postJson, readEvents, refresh } from './sim-client.ts';

let sim: KiroSim;

beforeAll(async () => {
  sim = await startKiroSim({ creditLimit: 0.05 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const get = async (path: string, accessToken?: string) =>
  fetch(`${sim.url}${path}`, accessToken ? { headers: { authorization: `Bearer ${accessToken}` } } : {});

describe('ListAvailableModels', () => {
  it('lists the Kiro model ids with token limits, opus-4.6 at 1M', async () => {
    const { accessToken } = await refresh(sim, 'aorModels');
    const response = await get('/ListAvailableModels?origin=AI_EDITOR&profileArn=arn%3Ax', accessToken);
    const body = (await response.json()) as {
      defaultModel: { modelId: string };
      models: Array<{ modelId: string; tokenLimits: { maxInputTokens: number } }>;
      nextToken: null;
    };
    expect(body.defaultModel).toEqual({ modelId: 'auto' });
    expect(body.nextToken).toBeNull();
    expect(body.models.map((model) => model.modelId)).toEqual([
      'auto',
      'claude-sonnet-4',
      'claude-sonnet-4.5',
      'claude-sonnet-4.6',
      'claude-haiku-4.5',
      'claude-opus-4.5',
      'claude-opus-4.6',
      'claude-opus-4.7',
      'claude-opus-4.8',
    ]);
    expect(body.models.find((model) => model.modelId === 'claude-opus-4.6')?.tokenLimits.maxInputTokens).toBe(
      1_000_000,
    );
  });

  it('requires a valid bearer token and the origin parameter', async () => {
    expect((await get('/ListAvailableModels?origin=AI_EDITOR', 'aoaNope')).status).toBe(403);
    const { accessToken } = await refresh(sim, 'aorModels');
    expect((await get('/ListAvailableModels', accessToken)).status).toBe(400);
  });
});

describe('getUsageLimits and quota', () => {
  const usage = async (accessToken: string) => {
    const response = await get(
      '/getUsageLimits?isEmailRequired=true&origin=AI_EDITOR&resourceType=AGENTIC_REQUEST',
      accessToken,
    );
    const body = (await response.json()) as {
      usageBreakdownList: Array<{
        resourceType: string;
        usageLimitWithPrecision: number;
        currentUsageWithPrecision: number;
      }>;
      nextDateReset: number;
    };
    return body.usageBreakdownList[0]!;
  };

  it('grows with metering until the account is out of credits, then chat answers 402', async () => {
    const { accessToken } = await refresh(sim, 'aorMetered');
    expect(await usage(accessToken)).toMatchObject({ resourceType: 'CREDIT', currentUsageWithPrecision: 0 });
    let metered = 0;
    for (let i = 0; i < 10; i++) {
      const response = await chat(sim, accessToken, chatBody('[[sim:text 200]]'));
      if (response.status === 402) break;
      const events = await readEvents(response);
      metered += events.find((event) => event.type === 'meteringEvent')?.payload.usage as number;
    }
    const after = await usage(accessToken);
    expect(after.currentUsageWithPrecision).toBeCloseTo(metered, 3);
    expect(after.currentUsageWithPrecision).toBeGreaterThanOrEqual(0.05);
    const refused = await chat(sim, accessToken, chatBody('Hi'));
    expect(refused.status).toBe(402);
    expect(await refused.json()).toEqual({
      message: 'You have reached the limit.',
      reason: 'MONTHLY_REQUEST_COUNT',
    });
  });
});

describe('/__sim/tokens', () => {
  it('suspends an account across rotations and reactivates it', async () => {
    const first = await refresh(sim, 'aorStateful');
    const second = await refresh(sim, first.refreshToken!);
    const response = await postJson(`${sim.url}/__sim/tokens`, {
      refreshToken: 'aorStateful',
      state: 'suspended',
    });
    expect(await response.json()).toEqual({
      refreshToken: 'aorStateful',
      account: 'aorStateful',
      state: 'suspended',
      credits: 0,
    });
    const suspended = await chat(sim, second.accessToken, chatBody('Hi'));
    expect(suspended.status).toBe(403);
    expect(await suspended.json()).toMatchObject({ reason: 'ACCOUNT_SUSPENDED' });
    await postJson(`${sim.url}/__sim/tokens`, { refreshToken: second.refreshToken, state: 'active' });
    expect((await chat(sim, second.accessToken, chatBody('Hi'))).status).toBe(200);
  });

  it('marks an account quota-exhausted for chat and usage limits', async () => {
    const { accessToken } = await refresh(sim, 'aorExhausted');
    await postJson(`${sim.url}/__sim/tokens`, { refreshToken: 'aorExhausted', state: 'quota-exhausted' });
    expect((await chat(sim, accessToken, chatBody('Hi'))).status).toBe(402);
    const limits = (await (await get('/getUsageLimits?origin=AI_EDITOR', accessToken)).json()) as {
      usageBreakdownList: Array<{ usageLimit: number; currentUsageWithPrecision: number }>;
    };
    const credit = limits.usageBreakdownList[0]!;
    expect(credit.currentUsageWithPrecision).toBeGreaterThanOrEqual(credit.usageLimit);
  });

  it('rejects bad control bodies', async () => {
    expect(
      (await postJson(`${sim.url}/__sim/tokens`, { refreshToken: 'aorX', state: 'frozen' })).status,
    ).toBe(400);
    expect(
      (await postJson(`${sim.url}/__sim/tokens`, { refreshToken: 'aorX', clientId: 'only-id' })).status,
    ).toBe(400);
    expect((await postJson(`${sim.url}/__sim/faults`, { fault: 'nonsense' })).status).toBe(400);
  });
});

describe('/__sim/expire-access-tokens', () => {
  it('makes issued access tokens stale, as a gateway sees after expiry', async () => {
    const { accessToken } = await refresh(sim, 'aorExpiring');
    const response = await postJson(`${sim.url}/__sim/expire-access-tokens`, { refreshToken: 'aorExpiring' });
    expect(await response.json()).toEqual({ expired: 1 });
    expect((await chat(sim, accessToken, chatBody('Hi'))).status).toBe(403);
  });
});

describe('/__sim/stats and /__sim/reset', () => {
  it('records chats per refresh token and account, recent requests without the bearer token, and resets', async () => {
    const first = await refresh(sim, 'aorStats');
    const second = await refresh(sim, first.refreshToken!);
    await chat(sim, first.accessToken, chatBody('one'), { 'x-trace': 'abc' });
    await chat(sim, second.accessToken, chatBody('two'));
    const stats = (await (await get('/__sim/stats')).json()) as ReturnType<KiroSim['stats']>;
    expect(stats.chatsByRefreshToken).toEqual({ aorStats: 1, [first.refreshToken!]: 1 });
    expect(stats.chatsByAccount).toEqual({ aorStats: 2 });
    expect(stats.recentChats).toHaveLength(2);
    expect(stats.recentChats[0]).toMatchObject({
      status: 200,
      refreshToken: 'aorStats',
      headers: { authorization: 'Bearer [redacted]', 'x-trace': 'abc' },
      body: chatBody('one'),
    });
    expect(JSON.stringify(stats)).not.toContain(first.accessToken);
    expect(stats.streams).toEqual({ inFlight: 0, completed: 2, aborted: 0, reset: 0 });

    await postJson(`${sim.url}/__sim/reset`, {});
    expect(sim.stats().requests).toEqual({});
    expect((await chat(sim, first.accessToken, chatBody('Hi'))).status).toBe(403);
  });

  it('lists directives it could not read', async () => {
    const { accessToken } = await refresh(sim, 'aorTypos');
    await (await chat(sim, accessToken, chatBody('Hi [[sim:fault melt]] [[sim:txt 3]]'))).arrayBuffer();
    expect(sim.stats().recentChats.at(-1)?.invalidDirectives).toEqual([
      '[[sim:fault melt]]',
      '[[sim:txt 3]]',
    ]);
  });

  it('keeps only the configured number of recent chats', async () => {
    const small = await startKiroSim({ recentChatLimit: 2 });
    try {
      const { accessToken } = await refresh(small, 'aorRecent');
      for (const text of ['a', 'b', 'c'])
        await (await chat(small, accessToken, chatBody(text))).arrayBuffer();
      const recent = small
        .stats()
        .recentChats.map((entry) => (entry.body as ReturnType<typeof chatBody>).conversationState);
      expect(
        recent.map(
          (state) =>
            (state as { currentMessage: { userInputMessage: { content: string } } }).currentMessage
              .userInputMessage.content,
        ),
      ).toEqual(['b', 'c']);
    } finally {
      await small.close();
    }
  });
});

describe('scenario', () => {
  it('applies its fault steps in order, repeating, and its default directives', async () => {
    const scenario = await startKiroSim({
      scenario: {
        steps: [
          { fault: 'throttled', count: 1 },
          { fault: 'none', count: 2 },
        ],
        repeat: true,
        directives: '[[sim:text 7]]',
      },
    });
    try {
      const { accessToken } = await refresh(scenario, 'aorScenario');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await chat(scenario, accessToken, chatBody('Hi'));
        statuses.push(response.status);
        if (response.status === 200 && i === 1) {
          const events = await readEvents(response);
          expect(events.filter((event) => event.type === 'assistantResponseEvent')).toHaveLength(7);
        } else await response.arrayBuffer();
      }
      expect(statuses).toEqual([429, 200, 200, 429]);
    } finally {
      await scenario.close();
    }
  });
});
