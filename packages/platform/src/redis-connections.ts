import type { Redis } from 'ioredis';
import { ioredis } from './redis-modules.ts';

export interface RedisConnectionOptions {
  /** Bound on every request-path command, so a dead Redis costs a request at most this much. */
  readonly commandTimeoutMs: number;
}

/**
 * The shared connection behind locks, cache, rate limits, publishing and enqueueing: pipelined,
 * bounded per command, one retry at most across a reconnect.
 */
export function requestPathRedis(url: string, options: RedisConnectionOptions): Redis {
  return new (ioredis().Redis)(url, {
    enableAutoPipelining: true,
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
}

/** A subscriber has to wait as long as it takes; nothing on the request path waits on it. */
export function subscriberRedis(url: string): Redis {
  return new (ioredis().Redis)(url, { lazyConnect: true });
}

/** Never connected itself: BullMQ duplicates it for each worker, and blocking reads need no retry cap. */
export function workerRedis(url: string): Redis {
  return new (ioredis().Redis)(url, { lazyConnect: true, maxRetriesPerRequest: null });
}

/** QUIT when connected, else just drop the socket: never wait on a Redis that is gone. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'wait' || client.status === 'end') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
