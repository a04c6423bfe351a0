import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toAppError } from '@kirogate/errors';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardWeb } from './forward-web.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listenOn(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A gateway app with the forwarder in front and its own answer for everything else. */
async function gatewayFor(userServiceUrl: string): Promise<string> {
  const forwarder = forwardWeb(userServiceUrl, { timeoutMs: 2_000 });
  const app = express();
  app.use(forwarder.router);
  app.get('/', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(503).json({ code: toAppError(error).code });
  });
  return listenOn(app);
}

describe('forwardWeb', () => {
  it('forwards web paths with their body and tells user-service what the browser saw', async () => {
    const userService = await listenOn((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.setHeader('set-cookie', 'session=abc; HttpOnly');
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: req.url, method: req.method, body, headers: req.headers }));
      });
    });
    const gateway = await gatewayFor(userService);
    const response = await fetch(`${gateway}/user/api/keys?page=2`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://kiro.example',
        'x-forwarded-proto': 'https',
      },
      body: JSON.stringify({ name: 'laptop' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBe('session=abc; HttpOnly');
    const seen = (await response.json()) as {
      path: string;
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(seen).toMatchObject({ path: '/user/api/keys?page=2', method: 'POST', body: '{"name":"laptop"}' });
    expect(seen.headers['x-forwarded-host']).toBe(new URL(gateway).host);
    expect(seen.headers['x-forwarded-for']).toContain('127.0.0.1');
    expect(seen.headers.origin).toBe('https://kiro.example');
  });

  it('leaves API paths and non-browser requests for / to the gateway', async () => {
    let forwarded = 0;
    const userService = await listenOn((_req, res) => {
      forwarded += 1;
      res.end('<html>home</html>');
    });
    const gateway = await gatewayFor(userService);
    expect(await (await fetch(`${gateway}/`)).json()).toEqual({ status: 'ok' });
    expect(forwarded).toBe(0);
    expect(await (await fetch(`${gateway}/`, { headers: { accept: 'text/html' } })).text()).toBe(
      '<html>home</html>',
    );
    expect(forwarded).toBe(1);
  });

  it('forwards the public pages and their JSON, not the API', async () => {
    const paths: string[] = [];
    const userService = await listenOn((req, res) => {
      paths.push(req.url ?? '');
      res.end('{}');
    });
    const gateway = await gatewayFor(userService);
    for (const path of ['/docs', '/docs/openapi.json', '/playground', '/status', '/api/status']) {
      expect((await fetch(`${gateway}${path}`)).status, path).toBe(200);
    }
    expect(paths).toEqual(['/docs', '/docs/openapi.json', '/playground', '/status', '/api/status']);
    expect((await fetch(`${gateway}/v1/models`)).status).toBe(404);
    expect((await fetch(`${gateway}/statusx`)).status).toBe(404);
    expect(paths).toHaveLength(5);
  });

  it('answers 503 when user-service cannot be reached', async () => {
    const gateway = await gatewayFor('http://127.0.0.1:1');
    const response = await fetch(`${gateway}/login`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
