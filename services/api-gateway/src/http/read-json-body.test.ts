import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body.ts';

/** A loopback server that answers with what readJsonBody made of the request. */
let url: string;
const server = createServer((req: IncomingMessage, res) => {
  readJsonBody(req, 1024).then(
    (body) => res.end(JSON.stringify({ body })),
    (error: { code: string; message: string }) => {
      res.setHeader('connection', 'close');
      res.end(JSON.stringify({ code: error.code, message: error.message }));
    },
  );
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(
  body: string | Uint8Array | ReadableStream,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return response.json();
}

describe('readJsonBody', () => {
  it('parses JSON, and gzip- or deflate-encoded JSON', async () => {
    expect(await send('{"a":[1,"ü"]}')).toEqual({ body: { a: [1, 'ü'] } });
    expect(await send(gzipSync('{"b":2}'), { 'content-encoding': 'gzip' })).toEqual({ body: { b: 2 } });
  });

  it('reads an empty body as an empty object', async () => {
    expect(await send('')).toEqual({ body: {} });
  });

  it('refuses invalid JSON, other charsets and unknown encodings by name', async () => {
    expect(await send('{"a":')).toMatchObject({ code: 'INVALID_JSON' });
    expect(await send('{}', { 'content-type': 'application/json; charset=latin1' })).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('latin1'),
    });
    expect(await send('{}', { 'content-encoding': 'zstd-magic' })).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('zstd-magic'),
    });
  });

  it('stops at the limit, whether the length is declared or the body streams past it', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(4096) });
    expect(await send(big)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    expect(await send(chunked)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // A bomb: small on the wire, past the limit once inflated.
    expect(await send(gzipSync(big), { 'content-encoding': 'gzip' })).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});
