import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

/**
 * The least a Node proxy can do on this machine (the undici variant): buffer the request
 * body, forward it with undici, pipe the response back, abort upstream when the client leaves. No
 * decoding, no conversion. It runs where the gateway runs, against the same simulator, so its CPU per
 * request and per event tell what part of the gateway's cost is this machine's and what is the gateway's.
 *
 * Usage: node reference-proxy.ts <upstream origin>; prints its own URL on the first stdout line.
 */
const upstream = new Pool(process.argv[2]!, {
  keepAliveTimeout: 60_000,
  headersTimeout: 30_000,
  bodyTimeout: 60_000,
});
const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

const server = createServer(async (req, res) => {
  const client = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) client.abort();
  });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !hopByHop.has(name)) headers[name] = value;
    }
    const response = await upstream.request({
      path: req.url ?? '/',
      method: 'POST',
      headers,
      body: Buffer.concat(chunks),
      signal: client.signal,
    });
    const type = response.headers['content-type'];
    res.writeHead(response.statusCode, typeof type === 'string' ? { 'content-type': type } : {});
    await pipeline(response.body, res);
  } catch {
    res.destroy();
  }
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
