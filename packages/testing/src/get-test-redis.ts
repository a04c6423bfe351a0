import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { locateRedis } from './locate-redis.ts';

export interface TestRedis {
  readonly url: string;
  /**
   * Unique per fixture and of fixed length, so no other fixture's prefix starts with it. Every key
   * and channel a test touches must start with it; it is also a valid BullMQ `prefix`.
   */
  readonly keyPrefix: string;
  /** A new connection without an ioredis `keyPrefix` (BullMQ refuses those); closed by cleanup. */
  client(): Redis;
  /** Closes the fixture's clients and deletes every key starting with `keyPrefix`. */
  cleanup(): Promise<void>;
}

const scanBatch = 1000;

/** A key namespace of its own per call on a shared server; undefined without a server. */
export async function getTestRedis(): Promise<TestRedis | undefined> {
  const server = await locateRedis();
  if (!server.available) return undefined;
  const keyPrefix = `kg_test_${randomBytes(6).toString('hex')}`;
  const clients: Redis[] = [];
  return {
    url: server.url,
    keyPrefix,
    client() {
      const client = new Redis(server.url);
      clients.push(client);
      return client;
    },
    async cleanup() {
      await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
      await deleteByPrefix(server.url, keyPrefix);
    },
  };
}

async function deleteByPrefix(url: string, keyPrefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', scanBatch);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
}
