import { afterEach, describe, expect, it } from 'vitest';
import { fakeRefreshToken } from '../src/fake-refresh-token.ts';
import {
  createKiroClient,
  type KiroCredential,
  kiroEndpoints,
  machineIdFor,
  RefreshError,
  refreshAccessToken,
} from '../src/index.ts';
import { rejectionOf } from '../src/rejection-of.ts';
import { type KiroStub, type StubRoute, sendJson, startKiroStub, unusedPort } from './kiro-stub.ts';

const now = new Date('2026-02-01T12:00:00.000Z');
const social: KiroCredential = {
  authKind: 'social',
  refreshToken: fakeRefreshToken('social'),
  region: 'us-east-1',
};
const idc: KiroCredential = {
  authKind: 'idc',
  refreshToken: fakeRefreshToken('idc'),
  region: 'us-east-1',
  clientId: 'client-id-1',
  clientSecret: 'client-secret-value-1',
};

let stub: KiroStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** Answers each request with the next scripted route. */
async function scripted(...routes: StubRoute[]): Promise<KiroStub> {
  let index = 0;
  stub = await startKiroStub((request, response) =>
    routes[Math.min(index++, routes.length - 1)]!(request, response),
  );
  return stub;
}

function endpointsOf(server: KiroStub) {
  return kiroEndpoints({ region: 'us-east-1', apiUrl: server.url, authUrl: server.url, oidcUrl: server.url });
}

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

const ok =
  (body: unknown): StubRoute =>
  (_request, response) =>
    sendJson(response, 200, body);
const fail =
  (status: number, body: unknown, headers = {}): StubRoute =>
  (_request, response) =>
    sendJson(response, status, body, headers);

describe('refreshAccessToken over HTTP', () => {
  it('refreshes a social credential: rotated token, profileArn, expiry now + 3600 s − 60 s (case 24)', async () => {
    const server = await scripted(
      ok({ accessToken: 'A', refreshToken: 'R2', expiresIn: 3600, profileArn: 'arn:aws:codewhisperer:x' }),
    );
    const result = await refreshAccessToken(social, endpointsOf(server), { now: () => now });
    expect(result).toEqual({
      accessToken: 'A',
      refreshToken: 'R2',
      expiresAt: new Date(now.getTime() + 3540_000),
      profileArn: 'arn:aws:codewhisperer:x',
    });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/refreshToken' });
    expect(JSON.parse(request!.body)).toEqual({ refreshToken: social.refreshToken });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe(`KiroIDE-0.11.107-${machineIdFor(social)}`);
  });

  it('keeps the old refresh token and defaults expiresIn to 3600 s when Kiro leaves them out', async () => {
    const server = await scripted(ok({ accessToken: 'A' }));
    const result = await refreshAccessToken(social, endpointsOf(server), { now: () => now });
    expect(result).toEqual({
      accessToken: 'A',
      refreshToken: social.refreshToken,
      expiresAt: new Date(now.getTime() + 3540_000),
    });
  });

  it('sends IdC refresh to /token as camelCase JSON with grantType refresh_token', async () => {
    const server = await scripted(
      ok({ accessToken: 'A', refreshToken: 'R3', expiresIn: 1200, tokenType: 'Bearer' }),
    );
    const result = await refreshAccessToken(idc, endpointsOf(server), { now: () => now });
    expect(result.expiresAt).toEqual(new Date(now.getTime() + 1140_000));
    const [request] = server.requests;
    expect(request!.path).toBe('/token');
    expect(JSON.parse(request!.body)).toEqual({
      clientId: 'client-id-1',
      clientSecret: 'client-secret-value-1',
      grantType: 'refresh_token',
      refreshToken: idc.refreshToken,
    });
    expect(request!.headers['x-amz-user-agent']).toBe('aws-sdk-js/3.980.0 KiroIDE');
    expect(request!.headers['amz-sdk-request']).toBe('attempt=1; max=3');
  });

  it('flags invalid_grant as permanent, does not retry, and keeps secrets out of the message', async () => {
    const server = await scripted(
      fail(400, {
        error: 'invalid_grant',
        error_description: `Invalid refresh token provided: ${idc.refreshToken} for ${idc.clientSecret}`,
      }),
    );
    const { delays, sleep } = recordingSleep();
    const error = await rejectionOf(refreshAccessToken(idc, endpointsOf(server), { sleep }));
    expect(error).toBeInstanceOf(RefreshError);
    expect(error).toMatchObject({
      code: 'UPSTREAM_AUTH',
      permanent: true,
      details: { upstreamStatus: 400, upstreamReason: 'invalid_grant' },
    });
    expect(error.message).toMatch(
      /^Kiro IdC refresh failed: HTTP 400 invalid_grant: Invalid refresh token provided/,
    );
    expect(error.message).not.toContain(idc.refreshToken);
    expect(error.message).not.toContain(idc.refreshToken.slice(0, 24));
    expect(error.message).not.toContain(idc.clientSecret);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('treats the social "Invalid refresh token provided" message as permanent too', async () => {
    const server = await scripted(fail(400, { message: 'Invalid refresh token provided' }));
    const error = await rejectionOf(refreshAccessToken(social, endpointsOf(server)));
    expect(error).toMatchObject({ permanent: true, code: 'UPSTREAM_AUTH' });
  });

  it('retries 429 after 1 s and then succeeds, numbering the attempt', async () => {
    const server = await scripted(fail(429, { message: 'Too many requests' }), ok({ accessToken: 'A' }));
    const { delays, sleep } = recordingSleep();
    const result = await refreshAccessToken(idc, endpointsOf(server), { sleep });
    expect(result.accessToken).toBe('A');
    expect(delays).toEqual([1000]);
    expect(server.requests.map((request) => request.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
    ]);
  });

  it('sleeps 1 s and 2 s for 429, 429, 200 (case 25)', async () => {
    const throttled = fail(429, { message: 'Too many requests' });
    const server = await scripted(throttled, throttled, ok({ accessToken: 'A' }));
    const { delays, sleep } = recordingSleep();
    await refreshAccessToken(social, endpointsOf(server), { sleep });
    expect(delays).toEqual([1000, 2000]);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after three 5xx answers with a transient error', async () => {
    const server = await scripted(fail(502, { message: 'Bad gateway' }));
    const { delays, sleep } = recordingSleep();
    const error = await rejectionOf(refreshAccessToken(social, endpointsOf(server), { sleep }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_ERROR',
      permanent: false,
      details: { upstreamStatus: 502 },
    });
    expect(server.requests).toHaveLength(3);
    expect(delays).toEqual([1000, 2000]);
  });

  it('surfaces the final throttling with its retry-after', async () => {
    const server = await scripted(fail(429, { message: 'slow down' }, { 'retry-after': '7' }));
    const error = await rejectionOf(refreshAccessToken(social, endpointsOf(server), { maxAttempts: 1 }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_THROTTLED',
      permanent: false,
      details: { retryAfterSeconds: 7 },
    });
  });

  it('does not retry other 4xx answers and does not call them permanent', async () => {
    const server = await scripted(fail(401, { message: 'Unauthorized' }));
    const { delays, sleep } = recordingSleep();
    const error = await rejectionOf(refreshAccessToken(social, endpointsOf(server), { sleep }));
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', permanent: false });
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('retries refused connections and then reports UPSTREAM_ERROR without the token', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const { delays, sleep } = recordingSleep();
    const endpoints = kiroEndpoints({ region: 'us-east-1', authUrl: url });
    const error = await rejectionOf(refreshAccessToken(social, endpoints, { sleep }));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', permanent: false });
    expect(error.message).toBe('Kiro social refresh: connection to Kiro failed (ECONNREFUSED)');
    expect(delays).toEqual([1000, 2000]);
  });

  it('refuses an IdC credential without its client registration before calling Kiro', async () => {
    const server = await scripted(ok({ accessToken: 'A' }));
    const { clientSecret: _dropped, ...incomplete } = idc;
    const error = await rejectionOf(refreshAccessToken(incomplete, endpointsOf(server)));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', permanent: true });
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a 200 without an access token as transient', async () => {
    const server = await scripted(ok({ refreshToken: 'R2' }));
    const error = await rejectionOf(refreshAccessToken(social, endpointsOf(server)));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', permanent: false });
  });

  it('is available on the client, reusing its keep-alive connections', async () => {
    const server = await scripted(
      ok({ accessToken: 'A' }),
      ok({ accessToken: 'B' }),
      ok({ accessToken: 'C' }),
    );
    const client = createKiroClient({ endpoints: endpointsOf(server) });
    try {
      expect((await client.refreshAccessToken(social)).accessToken).toBe('A');
      expect((await client.refreshAccessToken(idc)).accessToken).toBe('B');
      expect((await client.refreshAccessToken(social)).accessToken).toBe('C');
      expect(server.requests.map((request) => request.path)).toEqual([
        '/refreshToken',
        '/token',
        '/refreshToken',
      ]);
      expect(server.connections.length).toBeLessThan(server.requests.length);
    } finally {
      await client.close();
    }
  });
});
