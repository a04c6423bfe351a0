import { connect, type Socket } from 'node:net';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from './support/eventually.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

/**
 * What a stranger's body costs: nothing before the caller is known, and never more than the request
 * deadline. Raw sockets, so the test controls exactly which bytes are sent and when.
 */
let sim: KiroSim;
let gateway: TestGateway;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  // The smallest deadlines the configuration accepts: the whole request within 2 s.
  gateway = await startTestGateway(sim, {
    KEEP_ALIVE_TIMEOUT_MS: '1000',
    HEADERS_TIMEOUT_MS: '2000',
    REQUEST_TIMEOUT_MS: '2000',
  });
});
afterAll(async () => {
  await gateway?.stop();
  await sim?.close();
});

interface RawExchange {
  socket: Socket;
  /** Everything the gateway sent so far. */
  received: () => string;
  closed: () => boolean;
}

function open(head: string): Promise<RawExchange> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    let text = '';
    let closed = false;
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      resolve({ socket, received: () => text, closed: () => closed });
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe('request bodies', () => {
  it('answers a caller without a key 401 before reading a body declared far over the limit', async () => {
    const exchange = await open(
      'POST /v1/messages HTTP/1.1\r\nHost: gateway\r\ncontent-type: application/json\r\n' +
        `content-length: ${200 * 1_048_576}\r\n\r\n{"model":`,
    );
    try {
      await eventually(() => expect(exchange.received()).toMatch(/^HTTP\/1\.1 401 /));
      expect(exchange.received()).toContain('authentication_error');
      // The unread body is not waited for: the connection is closed after the answer.
      await eventually(() => expect(exchange.closed()).toBe(true));
    } finally {
      exchange.socket.destroy();
    }
  });

  it('cuts off a body that trickles past the request deadline', async () => {
    const exchange = await open(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\ncontent-type: application/json\r\n' +
        `authorization: Bearer ${gateway.proxyApiKey}\r\ncontent-length: 1000\r\n\r\n{"model":`,
    );
    // One byte now and then, never the whole body: without a deadline this socket stays open forever.
    const trickle = setInterval(() => {
      if (!exchange.closed()) exchange.socket.write(' ');
    }, 200);
    try {
      await vi.waitFor(() => expect(exchange.closed()).toBe(true), { timeout: 30_000, interval: 100 });
      expect(exchange.received()).not.toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      clearInterval(trickle);
      exchange.socket.destroy();
    }
  });
});
