import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. The gateway's config refuses PORT=0, so the bench asks the kernel
 * for one and hands it over; the tiny race with other engineers' processes is retried by the caller.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
