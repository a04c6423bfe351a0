import { once } from 'node:events';
import { Agent, type IncomingMessage, request } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { listen } from './http-server.ts';

describe('listen(...).close', () => {
  it('finishes once the open response ends, though its client keeps the connection alive', async () => {
    let finish = (): void => undefined;
    const app = express();
    app.get('/stream', (_req, res) => {
      res.write('first\n');
      finish = () => res.end('last\n');
    });
    const running = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      keepAliveTimeoutMs: 600_000,
      headersTimeoutMs: 601_000,
      requestTimeoutMs: 601_000,
    });
    // No idle timeout on the client side: only the server can end this connection.
    const agent = new Agent({ keepAlive: true });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${running.url}/stream`, { agent }).on('response', resolve).on('error', reject).end();
    });
    const socketClosed = once(response.socket, 'close');
    const chunks: string[] = [];
    response.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
    await once(response, 'data');

    // A grace period far beyond the test: close() must finish because the response did.
    const closing = running.close(600_000);
    finish();
    await once(response, 'end');
    await closing;
    await socketClosed;
    expect(chunks.join('')).toBe('first\nlast\n');
    agent.destroy();
  });
});
