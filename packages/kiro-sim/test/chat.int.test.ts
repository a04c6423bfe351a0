import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KiroSim, startKiroSim } from '../src/index.ts';
import { answerText, chat, chatBody, readEvents, refresh } from './sim-client.ts';
import { StrictFrameReader, strictFrames } from './strict-frames.ts';

let sim: KiroSim;
let token: string;

beforeAll(async () => {
  sim = await startKiroSim({ maxInputBytes: 50_000 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.reset();
  token = (await refresh(sim, 'aorChatTests')).accessToken;
});

describe('generateAssistantResponse: happy paths', () => {
  it('streams valid frames with Kiro header order, text then metering then context usage', async () => {
    const response = await chat(sim, token, chatBody('Hello simulator'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const frames = strictFrames(bytes, 1);
    for (const frame of frames) {
      expect(frame.headers.map(([name]) => name)).toEqual([':event-type', ':content-type', ':message-type']);
    }
    for (const seed of [2, 3, 4]) expect(strictFrames(bytes, seed)).toEqual(frames);
    const events = await readEvents(new Response(bytes));
    expect(answerText(events)).toBe('You said: Hello simulator');
    expect(events.slice(-2).map((event) => event.type)).toEqual(['meteringEvent', 'contextUsageEvent']);
    expect(events.at(-2)?.payload.usage).toBeGreaterThan(0);
  });

  it('answers the same request with the same bytes', async () => {
    const body = chatBody('Deterministic please [[sim:call get_weather {"city": "Oslo"}]]', {
      tools: [{ name: 'get_weather' }],
    });
    const first = new Uint8Array(await (await chat(sim, token, body)).arrayBuffer());
    const second = new Uint8Array(await (await chat(sim, token, body)).arrayBuffer());
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('completes a parallel tool round trip', async () => {
    const tools = [{ name: 'get_weather' }, { name: 'get_time' }];
    const first = await readEvents(
      await chat(
        sim,
        token,
        chatBody(
          'Both please [[sim:call get_weather {"city": "Paris"}]] [[sim:call get_time {"tz": "CET"}]]',
          { tools },
        ),
      ),
    );
    const toolEvents = first.filter((event) => event.type === 'toolUseEvent');
    const ids = [...new Set(toolEvents.map((event) => event.payload.toolUseId as string))];
    expect(ids).toHaveLength(2);
    const inputOf = (id: string) =>
      toolEvents
        .filter((event) => event.payload.toolUseId === id)
        .map((event) => event.payload.input ?? '')
        .join('');
    expect(JSON.parse(inputOf(ids[0]!))).toEqual({ city: 'Paris' });
    expect(JSON.parse(inputOf(ids[1]!))).toEqual({ tz: 'CET' });

    const history = [
      { userInputMessage: { content: 'Both please', modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' } },
      {
        assistantResponseMessage: {
          content: answerText(first),
          toolUses: [
            { toolUseId: ids[0], name: 'get_weather', input: { city: 'Paris' } },
            { toolUseId: ids[1], name: 'get_time', input: { tz: 'CET' } },
          ],
        },
      },
    ];
    const toolResults = [
      { toolUseId: ids[0], status: 'success', content: [{ text: '18°C' }] },
      { toolUseId: ids[1], status: 'success', content: [{ text: '14:05' }] },
    ];
    const second = await readEvents(await chat(sim, token, chatBody('', { tools, history, toolResults })));
    expect(second.some((event) => event.type === 'toolUseEvent')).toBe(false);
    expect(answerText(second)).toBe(
      `Tool results: get_weather (${ids[0]}) returned "18°C"; get_time (${ids[1]}) returned "14:05".`,
    );
  });

  it('answers with thinking tags when the request asks for thinking mode', async () => {
    const events = await readEvents(
      await chat(
        sim,
        token,
        chatBody('<thinking_mode>enabled</thinking_mode><max_thinking_length>4000</max_thinking_length>Why?'),
      ),
    );
    expect(answerText(events)).toMatch(/^<thinking>\n[^<]+\n<\/thinking>\n\nYou said: Why\?$/);
  });

  it('streams N deltas for [[sim:text N]], paced by [[sim:delay]] and split across writes', async () => {
    const split = await startKiroSim({ splitWrites: true, framesPerWrite: 3 });
    try {
      const access = (await refresh(split, 'aorSplit')).accessToken;
      const response = await chat(split, access, chatBody('[[sim:text 60]] [[sim:delay 1]]'));
      const reader = new StrictFrameReader();
      let reads = 0;
      for await (const chunk of response.body!) {
        reads++;
        reader.push(chunk);
      }
      const frames = reader.end();
      expect(frames.filter((frame) => frame.payload.startsWith('{"content"'))).toHaveLength(60);
      expect(reads).toBeGreaterThan(20);
    } finally {
      await split.close();
    }
  });
});

describe('generateAssistantResponse: rejections', () => {
  const bearerInvalid = { message: 'The bearer token included in the request is invalid.', reason: null };

  it.each([
    ['no token', {}],
    ['an unknown token', { authorization: 'Bearer aoaNotIssued' }],
  ])('answers 403 AccessDeniedException for %s', async (_, headers) => {
    const response = await fetch(`${sim.url}/generateAssistantResponse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(chatBody('Hi')),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await response.json()).toEqual(bearerInvalid);
  });

  it('answers 403 once an access token has expired', async () => {
    const clock = { now: Date.now() };
    const short = await startKiroSim({ accessTokenTtlSeconds: 10, now: () => clock.now });
    try {
      const access = (await refresh(short, 'aorShortLived')).accessToken;
      expect((await chat(short, access, chatBody('Hi'))).status).toBe(200);
      clock.now += 10_000;
      const response = await chat(short, access, chatBody('Hi'));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(bearerInvalid);
    } finally {
      await short.close();
    }
  });

  it('answers 400 Improperly formed request for a broken conversation and records why', async () => {
    const response = await chat(
      sim,
      token,
      chatBody('Hi', { history: [{ userInputMessage: { content: 'Q' } }] }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Improperly formed request.', reason: null });
    expect(sim.stats().recentChats.at(-1)?.rejection).toMatch(/end with an assistant/);
  });

  it('answers 400 for a profileArn sent with an IdC token', async () => {
    const idc = await fetch(`${sim.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'c',
        clientSecret: 's',
        grantType: 'refresh_token',
        refreshToken: 'aorIdcChat',
      }),
    });
    const { accessToken } = (await idc.json()) as { accessToken: string };
    const withArn = chatBody('Hi', { extra: { profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/X' } });
    expect((await chat(sim, accessToken, withArn)).status).toBe(400);
    expect((await chat(sim, accessToken, chatBody('Hi'))).status).toBe(200);
    expect((await chat(sim, token, withArn)).status).toBe(200);
  });

  it('answers CONTENT_LENGTH_EXCEEDS_THRESHOLD above the input threshold', async () => {
    const response = await chat(sim, token, chatBody('x'.repeat(50_000)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'Input is too long.',
      reason: 'CONTENT_LENGTH_EXCEEDS_THRESHOLD',
    });
  });

  it('answers 400 for an unknown fault name instead of ignoring the typo', async () => {
    const response = await chat(sim, token, chatBody('Hi'), { 'x-kiro-sim-fault': 'throttle' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      'Unknown kiro-sim fault "throttle"',
    );
  });
});
