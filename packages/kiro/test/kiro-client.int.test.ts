import { readFile } from 'node:fs/promises';
import { AppError } from '@kirogate/errors';
import { encodeMessage } from '@kirogate/eventstream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKiroClient,
  type KiroAuth,
  type KiroClient,
  type KiroClientOptions,
  kiroEndpoints,
} from '../src/index.ts';
import { rejectionOf } from '../src/rejection-of.ts';
import {
  closed,
  type KiroStub,
  type RecordedRequest,
  type StubRoute,
  seededRandom,
  sendJson,
  startKiroStub,
  unusedPort,
  writeRechunked,
} from './kiro-stub.ts';

const machineId = 'c'.repeat(64);
const profileArn = 'arn:aws:codewhisperer:us-east-1:123456789012:profile/ABCDEF';
const socialAuth: KiroAuth = { accessToken: 'aoaSocial', authKind: 'social', profileArn, machineId };
const idcAuth: KiroAuth = { accessToken: 'aoaIdc', authKind: 'idc', profileArn, machineId };
const conversation = {
  conversationState: { chatTriggerType: 'MANUAL', currentMessage: { userInputMessage: {} } },
};

function event(type: string, payload: unknown): Uint8Array {
  return encodeMessage(
    { ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' },
    JSON.stringify(payload),
  );
}

const frames = Buffer.concat([
  event('assistantResponseEvent', { content: 'Hello' }),
  event('assistantResponseEvent', { content: ', world' }),
  event('meteringEvent', { unit: 'credit', usage: 0.12 }),
  event('contextUsageEvent', { contextUsagePercentage: 2.5 }),
]);

let stub: KiroStub | undefined;
let client: KiroClient | undefined;

afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

async function serve(route: StubRoute, options: Partial<KiroClientOptions> = {}) {
  stub = await startKiroStub(route);
  client = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl: stub.url }),
    ...options,
  });
  return { server: stub, kiro: client };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const streamFrames =
  (seed: number): StubRoute =>
  async (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    await writeRechunked(response, frames, seededRandom(seed));
    response.end();
  };

/** Sends the headers and one frame, then holds the stream open like a slow model. */
const holdOpen: StubRoute = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
  response.write(event('assistantResponseEvent', { content: 'first' }));
};

describe('generateAssistantResponse', () => {
  it('relays the event-stream bytes unchanged however Kiro chunks them', async () => {
    for (let round = 0; round < 5; round++) {
      const seed = Math.floor(Math.random() * 2 ** 32);
      const { kiro } = await serve(streamFrames(seed));
      const bytes = await collect(await kiro.generateAssistantResponse(conversation, socialAuth));
      expect(bytes.equals(frames), `seed ${seed}`).toBe(true);
      await client?.close();
      await stub?.close();
    }
    client = undefined;
    stub = undefined;
  });

  it('POSTs the body with profileArn at the top level and the Kiro IDE headers for social credentials', async () => {
    const { server, kiro } = await serve(streamFrames(1));
    await collect(await kiro.generateAssistantResponse(conversation, socialAuth));
    const request = server.requests[0] as RecordedRequest;
    expect(request).toMatchObject({ method: 'POST', path: '/generateAssistantResponse' });
    expect(JSON.parse(request.body)).toEqual({ ...conversation, profileArn });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer aoaSocial',
      'content-type': 'application/json',
      'x-amz-user-agent': `aws-sdk-js/1.0.34 KiroIDE-0.11.107-${machineId}`,
      'x-amzn-codewhisperer-optout': 'true',
      'x-amzn-kiro-agent-mode': 'vibe',
      'amz-sdk-request': 'attempt=1; max=3',
    });
    expect(request.headers['amz-sdk-invocation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never sends profileArn for IdC credentials, even when the body carries one', async () => {
    const { server, kiro } = await serve(streamFrames(2));
    await collect(await kiro.generateAssistantResponse({ ...conversation, profileArn }, idcAuth));
    expect(JSON.parse(server.requests[0]!.body)).toEqual(conversation);
  });

  it('classifies a 403 from its bounded body', async () => {
    const { kiro } = await serve((_request, response) =>
      sendJson(response, 403, {
        message: 'The bearer token included in the request is invalid.',
        reason: null,
      }),
    );
    const error = await rejectionOf(kiro.generateAssistantResponse(conversation, socialAuth));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', details: { upstreamStatus: 403 } });
    expect(error.message).toMatch(/included in the request is invalid/);
    expect(error.message).not.toContain('aoaSocial');
  });

  it('passes throttling and its retry-after on', async () => {
    const { kiro } = await serve((_request, response) =>
      sendJson(
        response,
        429,
        { message: 'Too many requests, please wait before trying again.' },
        { 'retry-after': '3' },
      ),
    );
    const error = await rejectionOf(kiro.generateAssistantResponse(conversation, socialAuth));
    expect(error).toMatchObject({ code: 'UPSTREAM_THROTTLED', details: { retryAfterSeconds: 3 } });
  });

  it('stops reading an oversized error body at the limit and drops the connection', async () => {
    let finished = false;
    const { server, kiro } = await serve(
      (_request, response) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        const block = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (!response.destroyed && response.write(block));
        };
        response.on('drain', pump);
        response.on('finish', () => {
          finished = true;
        });
        pump();
      },
      { errorBodyLimit: 1024 },
    );
    const error = await rejectionOf(kiro.generateAssistantResponse(conversation, socialAuth));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', details: { upstreamStatus: 500 } });
    await closed(server.connections[0]!);
    expect(finished).toBe(false);
  });

  it('closes the upstream connection when the caller aborts mid-stream', async () => {
    const { server, kiro } = await serve(holdOpen);
    const controller = new AbortController();
    const stream = await kiro.generateAssistantResponse(conversation, socialAuth, {
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const serverSide = closed(server.requests[0]!.socket);
    controller.abort(new Error('client went away'));
    await serverSide;
    await expect(iterator.next()).rejects.toThrow();
  });

  it('closes the upstream connection when the consumer stops iterating', async () => {
    const { server, kiro } = await serve(holdOpen);
    const stream = await kiro.generateAssistantResponse(conversation, socialAuth);
    for await (const chunk of stream) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    await closed(server.requests[0]!.socket);
  });

  it('closes the connection and rejects with the abort reason when aborted before the headers', async () => {
    const { server, kiro } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = kiro.generateAssistantResponse(conversation, socialAuth, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
    await closed(server.requests[0]!.socket);
  });

  it('turns a connection cut mid-stream into UPSTREAM_ERROR', async () => {
    const { kiro } = await serve((request, response) => {
      holdOpen(request, response);
      setImmediate(() => request.socket.destroy());
    });
    const stream = await kiro.generateAssistantResponse(conversation, socialAuth);
    const error = await rejectionOf(collect(stream));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(error.message).toMatch(/^Kiro generateAssistantResponse stream: connection to Kiro failed/);
  });

  it('reports a refused connection as UPSTREAM_ERROR', async () => {
    const apiUrl = `http://127.0.0.1:${await unusedPort()}`;
    client = createKiroClient({ endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl }) });
    const error = await rejectionOf(client.generateAssistantResponse(conversation, socialAuth));
    expect(error).toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: 'Kiro generateAssistantResponse: connection to Kiro failed (ECONNREFUSED)',
    });
  });

  it('reports a first byte slower than headersTimeout as UPSTREAM_TIMEOUT', async () => {
    const { kiro } = await serve(() => undefined, { headersTimeout: 100 });
    const error = await rejectionOf(kiro.generateAssistantResponse(conversation, socialAuth));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('keeps connections alive across requests', async () => {
    const { server, kiro } = await serve(streamFrames(3));
    for (let i = 0; i < 4; i++) await collect(await kiro.generateAssistantResponse(conversation, socialAuth));
    expect(server.connections.length).toBeLessThan(server.requests.length);
  });
});

describe('listAvailableModels', () => {
  it('follows nextToken and sends profileArn only for social credentials', async () => {
    const { server, kiro } = await serve((request, response) => {
      const second = request.query.get('nextToken') === 'page-2';
      sendJson(response, 200, {
        defaultModel: second ? null : { modelId: 'auto' },
        models: [
          {
            modelId: second ? 'claude-haiku-4.5' : 'claude-sonnet-4.5',
            tokenLimits: { maxInputTokens: 200000 },
          },
        ],
        nextToken: second ? null : 'page-2',
      });
    });
    const list = await kiro.listAvailableModels(socialAuth);
    expect(list.defaultModelId).toBe('auto');
    expect(list.models.map((model) => [model.modelId, model.maxInputTokens])).toEqual([
      ['claude-sonnet-4.5', 200000],
      ['claude-haiku-4.5', 200000],
    ]);
    expect(
      server.requests.map((request) => [request.method, request.path, Object.fromEntries(request.query)]),
    ).toEqual([
      ['GET', '/ListAvailableModels', { origin: 'AI_EDITOR', profileArn }],
      ['GET', '/ListAvailableModels', { origin: 'AI_EDITOR', nextToken: 'page-2', profileArn }],
    ]);

    await kiro.listAvailableModels(idcAuth);
    expect(server.requests[2]!.query.has('profileArn')).toBe(false);
  });

  it('classifies errors like chat does', async () => {
    const { kiro } = await serve((_request, response) =>
      sendJson(response, 403, { message: 'Account suspended' }),
    );
    expect(await rejectionOf(kiro.listAvailableModels(socialAuth))).toMatchObject({
      code: 'UPSTREAM_SUSPENDED',
    });
  });
});

describe('getUsageLimits', () => {
  it('asks with the runtime client headers and totals the credits', async () => {
    const sample = JSON.parse(
      await readFile(new URL('../src/fixtures/usage-limits.json', import.meta.url), 'utf8'),
    );
    const { server, kiro } = await serve((_request, response) => sendJson(response, 200, sample));
    const limits = await kiro.getUsageLimits(socialAuth);
    expect(limits.availableCredits).toBeCloseTo(634.23, 10);
    const request = server.requests[0]!;
    expect(request.path).toBe('/getUsageLimits');
    expect(Object.fromEntries(request.query)).toEqual({
      isEmailRequired: 'true',
      origin: 'AI_EDITOR',
      resourceType: 'AGENTIC_REQUEST',
      profileArn,
    });
    expect(request.headers['amz-sdk-request']).toBe('attempt=1; max=1');
    expect(request.headers['user-agent']).toContain('api/codewhispererruntime#1.0.0 m/N,E');
  });

  it('reports an unreadable answer as UPSTREAM_ERROR', async () => {
    const { kiro } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"subscriptionInfo":');
    });
    expect(await rejectionOf(kiro.getUsageLimits(idcAuth))).toMatchObject({ code: 'UPSTREAM_ERROR' });
  });
});
