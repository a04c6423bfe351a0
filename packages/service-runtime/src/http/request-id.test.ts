import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from './http-server.ts';
import { requestId } from './request-id.ts';

let server: RunningServer;

beforeAll(async () => {
  const app = express();
  app.use(requestId);
  app.use((_req, res, next) => {
    res.locals.firstId = res.locals.requestId;
    next();
  });
  // As user-service's router does inside the standalone gateway: a second mount on the same path.
  app.use('/ids', requestId);
  app.get('/ids', (_req, res) => {
    res.json({
      requestId: res.locals.requestId,
      firstId: res.locals.firstId,
      correlationId: res.locals.correlationId,
    });
  });
  server = await listen(app, {
    host: '127.0.0.1',
    port: 0,
    keepAliveTimeoutMs: 5_000,
    headersTimeoutMs: 6_000,
    requestTimeoutMs: 10_000,
  });
});

afterAll(async () => {
  await server.close(1_000);
});

async function ids(headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/ids`, { headers });
  const body = (await response.json()) as {
    requestId: string;
    firstId: string;
    correlationId: string | null;
  };
  return { ...body, echoed: response.headers.get('x-request-id') };
}

describe('requestId', () => {
  it('makes a fresh server id for every request even when the client resends the same X-Request-ID', async () => {
    const first = await ids({ 'x-request-id': 'trace:1' });
    const second = await ids({ 'x-request-id': 'trace:1' });
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.requestId).not.toBe(first.requestId);
    expect(first.correlationId).toBe('trace:1');
    expect(first.echoed).toBe('trace:1');
  });

  it('keeps the first id when mounted twice on the same path', async () => {
    const { requestId: id, firstId, echoed } = await ids();
    expect(id).toBe(firstId);
    expect(echoed).toBe(id);
  });

  it('ignores a malformed client id and echoes the server id instead', async () => {
    const odd = await ids({ 'x-request-id': 'not a sane id' });
    expect(odd.correlationId).toBeNull();
    expect(odd.echoed).toBe(odd.requestId);
    const none = await ids();
    expect(none.correlationId).toBeNull();
    expect(none.echoed).toBe(none.requestId);
  });
});
