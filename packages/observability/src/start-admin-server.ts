import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { ReadinessProbe, ReadinessReport } from './readiness.ts';

export interface AdminServerOptions {
  port: number;
  host: string;
  registry: Registry;
  readiness: ReadinessProbe;
  isShuttingDown: () => boolean;
}

export interface AdminServer {
  /** The bound port; differs from the requested one when that was 0. */
  port: number;
  close(): Promise<void>;
}

/**
 * `/metrics`, `/healthz` (liveness: the process answers) and `/readyz` (dependencies reachable and not
 * draining) on their own port, so they are never reachable through the public listener.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await listen(server, options.port, options.host);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AdminServerOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://admin').pathname;
  switch (path) {
    case '/metrics': {
      const body = await options.registry.metrics();
      res.writeHead(200, { 'content-type': options.registry.contentType }).end(body);
      return;
    }
    case '/healthz':
      sendJson(res, 200, { ok: true });
      return;
    case '/readyz': {
      const report = await readinessReport(options);
      sendJson(res, report.ok ? 200 : 503, report);
      return;
    }
    default:
      sendJson(res, 404, { ok: false, error: 'not found' });
  }
}

async function readinessReport(
  options: AdminServerOptions,
): Promise<ReadinessReport & { shuttingDown?: true }> {
  if (options.isShuttingDown()) return { ok: false, shuttingDown: true, checks: {} };
  try {
    return await options.readiness();
  } catch {
    return { ok: false, checks: { readiness: { ok: false, detail: 'readiness probe failed' } } };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
