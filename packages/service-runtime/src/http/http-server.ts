import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface HttpServerOptions {
  host: string;
  port: number;
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
  /** Headers and body must have arrived within this (a trickled body cannot hold a socket). */
  requestTimeoutMs: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Stops accepting, closes idle keep-alive sockets, waits for in-flight responses up to `graceMs`,
   * then cuts what is left.
   */
  close(graceMs: number): Promise<void>;
}

export async function listen(app: Express, options: HttpServerOptions): Promise<RunningServer> {
  // Node enforces the headers and request deadlines when it scans incomplete requests, every 30 s by
  // default; once a second keeps a trickled body's socket near its deadline.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, app);
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  // Above the load balancer's idle timeout, or it reuses sockets we already closed (intermittent 502s).
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.headersTimeout = options.headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // A keep-alive socket whose response ends during the drain would otherwise stay open until the
        // client drops it (or the grace period ends), holding up shutdown after the last stream finished.
        const closeWhenIdle = (res: ServerResponse): void => {
          res.once('close', () => setImmediate(() => server.closeIdleConnections()));
        };
        for (const res of inFlight) closeWhenIdle(res);
        server.on('request', (_req, res: ServerResponse) => closeWhenIdle(res));
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
