export { seededRandom } from '@kirogate/testing/random';

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

export type StubRoute = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface KiroStub {
  url: string;
  requests: RecordedRequest[];
  /** Every TCP connection the stub accepted, in order. */
  connections: Socket[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering like Kiro; each test scripts the answers it needs. */
export async function startKiroStub(route: StubRoute): Promise<KiroStub> {
  const requests: RecordedRequest[] = [];
  const connections: Socket[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://stub');
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      socket: incoming.socket,
    };
    requests.push(request);
    await route(request, response);
  });
  server.on('connection', (socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Resolves when the peer's connection closes, whoever closed it. */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** A port nothing listens on: bound once, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes `bytes` in pieces cut at random boundaries, yielding to the event loop between pieces. */
export async function writeRechunked(
  response: ServerResponse,
  bytes: Uint8Array,
  random: () => number,
): Promise<void> {
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(random() * Math.min(64, bytes.length - at));
    response.write(bytes.subarray(at, at + size));
    at += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
