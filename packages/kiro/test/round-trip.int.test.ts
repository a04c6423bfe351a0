import { AppError, type ErrorCode } from '@kirogate/errors';
import { decodeEventStream, EventStreamError } from '@kirogate/eventstream';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import {
  type CanonicalRequest,
  fromKiroEvents,
  parseKiroEventStream,
  type StreamEvent,
  toKiroRequest,
} from '@kirogate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KiroAuth } from '../src/create-kiro-client.ts';
import { createKiroClient, type KiroClient } from '../src/create-kiro-client.ts';
import { kiroEndpoints } from '../src/kiro-endpoints.ts';

/**
 * The whole Kiro core in one loop, against the simulator over real HTTP with writes split at random
 * byte boundaries: canonical request → toKiroRequest → generateAssistantResponse → frame decoder →
 * parseKiroEventStream → fromKiroEvents → canonical events.
 */
let sim: KiroSim;
let client: KiroClient;
let auth: KiroAuth;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0, splitWrites: true });
  client = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl: sim.url, authUrl: sim.url }),
  });
  const refreshed = await client.refreshAccessToken({
    authKind: 'social',
    refreshToken: `aor${'r'.repeat(120)}`,
    region: 'us-east-1',
  });
  auth = {
    accessToken: refreshed.accessToken,
    authKind: 'social',
    machineId: 'a'.repeat(64),
    ...(refreshed.profileArn ? { profileArn: refreshed.profileArn } : {}),
  };
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function request(text: string, extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    tools: [],
    stream: true,
    metadata: {},
    ...extra,
  };
}

type Outcome = { events: StreamEvent[] } | { thrown: unknown };

async function roundTrip(canonical: CanonicalRequest): Promise<Outcome> {
  const { body, toolNameMap } = toKiroRequest(canonical, {
    modelId: 'claude-sonnet-4.5',
    conversationId: '3f1c6c2e-1a4b-4a63-9d55-0c1d2e3f4a5b',
  });
  const events: StreamEvent[] = [];
  try {
    const bytes = await client.generateAssistantResponse(body, auth, { signal: AbortSignal.timeout(10_000) });
    const kiroEvents = parseKiroEventStream(decodeEventStream(bytes));
    for await (const event of fromKiroEvents(kiroEvents, {
      thinkingRequested: canonical.thinking !== undefined,
      toolNameMap,
      inputTokens: 10,
    })) {
      events.push(event);
    }
    return { events };
  } catch (thrown) {
    return { thrown };
  }
}

async function events(canonical: CanonicalRequest): Promise<StreamEvent[]> {
  const outcome = await roundTrip(canonical);
  if ('thrown' in outcome) throw outcome.thrown;
  return outcome.events;
}

function text(list: StreamEvent[], type: 'text-delta' | 'thinking-delta' = 'text-delta'): string {
  return list.map((event) => (event.type === type ? event.text : '')).join('');
}

function finish(list: StreamEvent[]): Extract<StreamEvent, { type: 'finish' }> | undefined {
  return list.find((event): event is Extract<StreamEvent, { type: 'finish' }> => event.type === 'finish');
}

function toolEnds(list: StreamEvent[]): Array<Extract<StreamEvent, { type: 'tool-call-end' }>> {
  return list.filter(
    (event): event is Extract<StreamEvent, { type: 'tool-call-end' }> => event.type === 'tool-call-end',
  );
}

describe('round trip through the simulator', () => {
  it('text: the answer, credits and context usage come back as canonical events', async () => {
    const list = await events(request('Hello there'));
    expect(text(list)).toBe('You said: Hello there');
    // Without history the system prompt leads the current message, so the echo carries it.
    expect(text(await events(request('Hello there', { system: ['You are terse.'] })))).toBe(
      'You said: You are terse. Hello there',
    );
    const end = finish(list);
    expect(end).toMatchObject({ reason: 'stop', truncated: false });
    expect(end?.usage.credits).toBeGreaterThan(0);
    expect(end?.usage.contextUsagePercentage).toBeGreaterThan(0);
  });

  it('tools: a call assembled from input fragments, then the result answered in a second turn', async () => {
    const first = await events(
      request('Weather? [[sim:call get_weather {"city":"Paris"}]] [[sim:fragments 7]]', {
        tools: [weatherTool],
      }),
    );
    const [call] = toolEnds(first);
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Paris' }, truncated: false });
    expect(finish(first)?.reason).toBe('tool-calls');

    const second = await events(
      request('unused', {
        tools: [weatherTool],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', id: call?.id ?? '', name: 'get_weather', input: { city: 'Paris' } },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool-result',
                toolCallId: call?.id ?? '',
                content: [{ type: 'text', text: '22°C' }],
                isError: false,
              },
            ],
          },
        ],
      }),
    );
    expect(text(second)).toContain('22°C');
    expect(finish(second)?.reason).toBe('stop');
  });

  it('thinking: the tags injected into the prompt come back as thinking, then the answer', async () => {
    const list = await events(request('Think first', { thinking: { type: 'enabled', budgetTokens: 2048 } }));
    expect(text(list, 'thinking-delta').length).toBeGreaterThan(0);
    expect(list.some((event) => event.type === 'thinking-end')).toBe(true);
    // The thinking block was taken out of the answer, which starts right after it.
    expect(text(list).startsWith('You said:')).toBe(true);
  });

  it('images: a base64 image reaches Kiro as userInputMessage.images with its format', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    await events({
      ...request('describe'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'describe' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: png } },
          ],
        },
      ],
    });
    const sent = sim.stats().recentChats.at(-1)?.body as {
      conversationState: { currentMessage: { userInputMessage: { images?: unknown[] } } };
    };
    // The declared media type is checked against the bytes: these are PNG bytes.
    expect(sent.conversationState.currentMessage.userInputMessage.images).toEqual([
      { format: 'png', source: { bytes: png } },
    ]);
  });
});

describe('round trip: every simulator fault ends as the right canonical outcome', () => {
  const rejected: Array<[string, ErrorCode]> = [
    ['throttled', 'UPSTREAM_THROTTLED'],
    ['stale-token', 'UPSTREAM_AUTH'],
    ['quota-exhausted', 'UPSTREAM_QUOTA_EXHAUSTED'],
    ['suspended', 'UPSTREAM_SUSPENDED'],
    ['internal-error', 'UPSTREAM_ERROR'],
    ['bad-gateway', 'UPSTREAM_ERROR'],
    ['service-unavailable', 'UPSTREAM_OVERLOADED'],
    ['improperly-formed', 'UPSTREAM_BAD_REQUEST'],
    ['content-too-long', 'CONTEXT_TOO_LONG'],
  ];
  it.each(rejected)('%s: refused before the stream as %s', async (fault, code) => {
    const outcome = await roundTrip(request(`x [[sim:fault ${fault}]]`));
    expect('thrown' in outcome && outcome.thrown).toBeInstanceOf(AppError);
    expect(('thrown' in outcome ? (outcome.thrown as AppError) : undefined)?.code).toBe(code);
  });

  it.each(['slow-first-byte:50', 'slow-first-event:50', 'followup-prompt'])(
    '%s: the answer is unchanged',
    async (fault) => {
      const list = await events(request(`Hello there [[sim:fault ${fault}]]`));
      expect(text(list)).toBe('You said: Hello there');
      expect(finish(list)?.truncated).toBe(false);
    },
  );

  it('duplicate-deltas: each repeated delta is dropped once', async () => {
    const list = await events(request('Hello there [[sim:fault duplicate-deltas]]'));
    expect(text(list)).toBe('You said: Hello there');
  });

  it.each([
    ['mid-stream-exception', 'UPSTREAM_THROTTLED'],
    ['mid-stream-exception:InternalServerException', 'UPSTREAM_ERROR'],
    ['error-frame', 'UPSTREAM_ERROR'],
  ] as const)('%s: output, then an error event and nothing after it', async (fault, code) => {
    const list = await events(request(`Hello there [[sim:fault ${fault}]]`));
    const last = list.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? last.error.code : undefined).toBe(code);
    expect(finish(list)).toBeUndefined();
  });

  it('truncated-tool-input: the call ends with empty input, flagged truncated', async () => {
    const list = await events(
      request(
        'go [[sim:call get_weather {"city":"Paris, the capital of France"}]] [[sim:fault truncated-tool-input]]',
        {
          tools: [weatherTool],
        },
      ),
    );
    expect(toolEnds(list)).toEqual([
      expect.objectContaining({ name: 'get_weather', input: {}, truncated: true }),
    ]);
  });

  it('cut-stream: a stream without its closing events is marked truncated', async () => {
    const list = await events(request('Hello there [[sim:fault cut-stream]]'));
    expect(finish(list)?.truncated).toBe(true);
  });

  it('empty-body: no events at all is a truncated answer, not a silent success', async () => {
    const list = await events(request('Hello there [[sim:fault empty-body]]'));
    expect(text(list)).toBe('');
    expect(finish(list)?.truncated).toBe(true);
  });

  it('bracket-tool-call: a call written as text becomes a tool call', async () => {
    const list = await events(request('Weather? [[sim:fault bracket-tool-call]]', { tools: [weatherTool] }));
    expect(toolEnds(list)).toEqual([
      expect.objectContaining({ name: 'get_weather', input: { city: 'London' } }),
    ]);
  });

  it('content-filtered: the answer finishes as filtered', async () => {
    const list = await events(request('Hello there [[sim:fault content-filtered]]'));
    expect(finish(list)?.reason).toBe('content-filter');
  });

  it.each([
    ['bad-crc', 'MESSAGE_CRC_MISMATCH'],
    ['partial-frame', 'TRUNCATED'],
  ] as const)('%s: the frame decoder refuses the stream (%s)', async (fault, code) => {
    const outcome = await roundTrip(request(`Hello there [[sim:fault ${fault}]]`));
    const thrown = 'thrown' in outcome ? outcome.thrown : undefined;
    expect(thrown).toBeInstanceOf(EventStreamError);
    expect((thrown as EventStreamError).code).toBe(code);
  });

  it('socket-reset: a connection cut mid-stream surfaces as an upstream failure', async () => {
    const outcome = await roundTrip(request('Hello there [[sim:fault socket-reset]]'));
    const thrown = 'thrown' in outcome ? outcome.thrown : undefined;
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('UPSTREAM_ERROR');
  });
});
