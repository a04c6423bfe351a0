import { createDatabase } from '@kirogate/db';
import { getTestPostgres, getTestRedis, type TestPostgres, type TestRedis } from '@kirogate/testing';

export interface SharedServices {
  postgres: TestPostgres;
  redis: TestRedis;
  /** A fresh random TOKEN_ENCRYPT_KEY (64 hex). */
  encryptKey: string;
  cleanup(): Promise<void>;
}

/** A migrated database of its own and a Redis namespace of its own. */
export async function sharedServices(): Promise<SharedServices> {
  const postgres = await getTestPostgres();
  const redis = await getTestRedis();
  if (!postgres || !redis) throw new Error('needs Postgres and Redis');
  const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '/nonexistent' });
  await database.migrate();
  await database.close();
  const { randomBytes } = await import('node:crypto');
  return {
    postgres,
    redis,
    encryptKey: randomBytes(32).toString('hex'),
    async cleanup() {
      await redis.cleanup();
      await postgres.cleanup();
    },
  };
}
