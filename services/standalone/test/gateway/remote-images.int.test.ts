import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageFetchError, RemoteImageFetcher } from '../../../api-gateway/src/images/remote-image-fetcher.ts';
import { authHeaders, chatPath, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let server: Server;
let port: number;
let hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/cat.png':
        // A wrong declared type: the bytes decide.
        res.writeHead(200, { 'content-type': 'text/plain' }).end(png);
        return;
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/cat.png' }).end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/big':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.concat([png, Buffer.alloc(20_000)]));
        return;
      case '/page':
        res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>');
        return;
      case '/silent':
        return; // never answers
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** `public.test` stands for a public host: it resolves to the loopback server, which the test allows. */
function fetcher(overrides: Partial<ConstructorParameters<typeof RemoteImageFetcher>[0]> = {}) {
  return new RemoteImageFetcher({
    maxBytes: 10_000,
    timeoutMs: 3_000,
    maxRedirects: 3,
    resolve: async (host) =>
      host === 'public.test' ? ['127.0.0.1'] : host === 'private.test' ? ['10.0.0.7'] : [],
    allowAddresses: ['127.0.0.1'],
    ...overrides,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImageFetchError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('RemoteImageFetcher (SSRF guard)', () => {
  it('refuses a server on a loopback or private address, without connecting to it', async () => {
    hits = [];
    const guard = new RemoteImageFetcher({ maxBytes: 10_000, timeoutMs: 3_000, maxRedirects: 3 });
    expect(await refusal(guard.fetch(`http://127.0.0.1:${port}/cat.png`))).toContain('never fetched');
    expect(await refusal(guard.fetch(`http://localhost:${port}/cat.png`))).toContain('never fetched');
    expect(await refusal(guard.fetch(`http://[::ffff:127.0.0.1]:${port}/cat.png`))).toContain(
      'never fetched',
    );
    expect(await refusal(guard.fetch('http://169.254.169.254/latest/meta-data/'))).toContain('never fetched');
    expect(await refusal(fetcher().fetch(`http://private.test:${port}/cat.png`))).toContain('never fetched');
    expect(hits).toEqual([]);
  });

  it('fetches from an allowed address, taking the type from the bytes', async () => {
    const image = await fetcher().fetch(`http://public.test:${port}/cat.png`);
    expect(image).toEqual({ mediaType: 'image/png', data: png.toString('base64') });
  });

  it('checks every redirect again and follows at most three', async () => {
    hits = [];
    const toPrivate = `http://public.test:${port}/redirect?to=${encodeURIComponent(`http://private.test:${port}/cat.png`)}`;
    expect(await refusal(fetcher().fetch(toPrivate))).toContain('private.test');
    const toMetadata = `http://public.test:${port}/redirect?to=${encodeURIComponent('http://169.254.169.254/')}`;
    expect(await refusal(fetcher().fetch(toMetadata))).toContain('never fetched');
    expect(hits).toEqual([
      '/redirect?to=' + encodeURIComponent(`http://private.test:${port}/cat.png`),
      '/redirect?to=' + encodeURIComponent('http://169.254.169.254/'),
    ]);
    expect(await refusal(fetcher().fetch(`http://public.test:${port}/loop`))).toContain('more than 3 times');
    expect((await fetcher().fetch(`http://public.test:${port}/redirect`)).mediaType).toBe('image/png');
  });

  it('caps the size, bounds the time and refuses what is not an image', async () => {
    expect(await refusal(fetcher().fetch(`http://public.test:${port}/big`))).toContain(
      'larger than 10000 bytes',
    );
    expect(await refusal(fetcher().fetch(`http://public.test:${port}/page`))).toContain(
      'not a PNG, JPEG, GIF or WebP',
    );
    expect(await refusal(fetcher({ timeoutMs: 300 }).fetch(`http://public.test:${port}/silent`))).toContain(
      'in time',
    );
    expect(await refusal(fetcher().fetch(`http://public.test:${port}/missing.png`))).toContain('HTTP 404');
    expect(await refusal(fetcher().fetch('ftp://public.test/cat.png'))).toContain('http(s)');
  });
});

describe('image URLs through the gateway', () => {
  let sim: KiroSim;
  let gateway: TestGateway;
  beforeAll(async () => {
    sim = await startKiroSim({ port: 0 });
    gateway = await startTestGateway(sim);
  });
  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
  });

  it('answers a refused image URL with a 400 naming the image, in each protocol', async () => {
    const url = `http://127.0.0.1:${port}/cat.png`;
    const made = sim.stats().requests['POST /generateAssistantResponse'] ?? 0;
    const openai = await post(
      `${gateway.url}${chatPath.openai}`,
      {
        model: 'claude-sonnet-4-6',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url } },
            ],
          },
        ],
      },
      authHeaders('openai', gateway.proxyApiKey),
    );
    expect(openai.status).toBe(400);
    expect(JSON.parse(openai.text).error).toMatchObject({
      type: 'invalid_request_error',
      param: 'messages[0]',
    });
    expect(JSON.parse(openai.text).error.message).toContain(
      'messages[0]: the image URL cannot be used: 127.0.0.1',
    );

    const anthropic = await post(
      `${gateway.url}${chatPath.anthropic}`,
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'url', url } },
              { type: 'text', text: 'What?' },
            ],
          },
        ],
      },
      authHeaders('anthropic', gateway.proxyApiKey),
    );
    expect(anthropic.status).toBe(400);
    expect(JSON.parse(anthropic.text).error.message).toContain('messages[0]: the image URL cannot be used');
    expect(sim.stats().requests['POST /generateAssistantResponse'] ?? 0).toBe(made);
  });
});
