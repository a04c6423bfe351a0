import { once } from 'node:events';
import { createServer, type Server } from 'node:net';

const maxAttempts = 5;

/**
 * `count` distinct ports nothing listens on at the moment of the call: bound to port 0 together,
 * then released. Released means free for anyone: pass them to `startOnFreePorts`, not to a bare spawn.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/**
 * Starts something (typically a child process) on `count` free ports it binds itself, for entry
 * points that refuse port 0. Between the release of a picked port and the bind, any other process on
 * the machine may take it (parallel test files listen on random ports all the time), so a start that
 * failed with EADDRINUSE is made again on new ports. `start` must reject, with the process's output in
 * the error message, when the process exits before it is ready.
 */
export async function startOnFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const ports = await freePorts(count);
    try {
      return await start(ports);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= maxAttempts || !message.includes('EADDRINUSE')) throw error;
    }
  }
}
