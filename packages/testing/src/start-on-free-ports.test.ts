import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts, startOnFreePorts } from './start-on-free-ports.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  server.listen(port, '127.0.0.1');
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ]);
}

describe('startOnFreePorts', () => {
  it('hands out distinct ports', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });

  it('starts again on new ports when a port was taken before the start bound it', async () => {
    const tried: number[][] = [];
    const started = await startOnFreePorts(2, async (ports) => {
      tried.push(ports);
      // The first time, someone else gets there first.
      if (tried.length === 1) await listen(ports[1]!);
      await listen(ports[1]!);
      return ports;
    });
    // Two starts; a third only if a real neighbour took a port too.
    expect(tried.length).toBeGreaterThanOrEqual(2);
    expect(started).toBe(tried.at(-1));
  });

  it('passes any other failure through at once', async () => {
    let attempts = 0;
    const failure = startOnFreePorts(1, async () => {
      attempts += 1;
      throw new Error('exited (2): invalid configuration');
    });
    await expect(failure).rejects.toThrow('invalid configuration');
    expect(attempts).toBe(1);
  });
});
