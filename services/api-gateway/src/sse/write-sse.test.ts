import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSse } from './write-sse.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: (res: ServerResponse) => Promise<void>): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    void handler(res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const options = (signal = new AbortController().signal) => ({
  heartbeat: ': ping\n\n',
  heartbeatMs: 60_000,
  slowClientTimeoutMs: 5_000,
  signal,
});

describe('writeSse', () => {
  it('coalesces chunks produced together into one socket write', async () => {
    let writes = 0;
    const url = await serve(async (res) => {
      const original = res.write.bind(res);
      res.write = ((chunk: string) => {
        writes += 1;
        return original(chunk);
      }) as typeof res.write;
      async function* burst(): AsyncGenerator<string> {
        for (let i = 0; i < 20; i++) yield `data: ${i}\n\n`;
      }
      await writeSse(res, burst(), options());
    });
    const body = await (await fetch(url)).text();
    expect(body).toBe(Array.from({ length: 20 }, (_, i) => `data: ${i}\n\n`).join(''));
    expect(writes).toBe(1);
  });

  it('writes chunks that arrive apart as they arrive, and heartbeats while idle', async () => {
    const url = await serve(async (res) => {
      async function* slow(): AsyncGenerator<string> {
        yield 'data: a\n\n';
        await new Promise((resolve) => setTimeout(resolve, 400));
        yield 'data: b\n\n';
      }
      await writeSse(res, slow(), { ...options(), heartbeatMs: 100 });
    });
    const body = await (await fetch(url)).text();
    expect(body.startsWith('data: a\n\n')).toBe(true);
    expect(body.endsWith('data: b\n\n')).toBe(true);
    expect(body.match(/: ping\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('reports completion and the time of the first write', async () => {
    let result: Awaited<ReturnType<typeof writeSse>> | undefined;
    const url = await serve(async (res) => {
      async function* one(): AsyncGenerator<string> {
        yield 'data: x\n\n';
      }
      result = await writeSse(res, one(), options());
    });
    await (await fetch(url)).text();
    expect(result?.completed).toBe(true);
    expect(result?.firstWriteMs).toBeGreaterThanOrEqual(0);
  });
});
