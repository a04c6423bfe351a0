import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectUserService, createGateway, gatewayConfigSchema } from '@kirogate/api-gateway';
import { loadConfig } from '@kirogate/config';
import { apiKeys, createDatabase, createKeyring, deriveEncryptionKey, users } from '@kirogate/db';
import { createKiroClient, defaultRefreshMarginMs, kiroEndpoints } from '@kirogate/kiro';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { createLogger, createMetrics } from '@kirogate/observability';
import { createPlatform, type Platform } from '@kirogate/platform';
import { getTestPostgres, getTestRedis, type TestRedis } from '@kirogate/testing';
import { createTokenBrokerCore } from '@kirogate/token-broker';
import { createUserService, userServiceConfigSchema } from '@kirogate/user-service';
import { eq } from 'drizzle-orm';
import express from 'express';

export interface LimitsStack {
  url: string;
  sim: KiroSim;
  platform: Platform;
  adminPassword: string;
  /** A new user with one `sk-` key. */
  user(name: string): Promise<{ userId: string; keyId: string; key: string }>;
  /** Another key of an existing user. */
  key(userId: string): Promise<{ keyId: string; key: string }>;
  /** Donates `count` public tokens (validated against the simulator), owned by a separate donor. */
  donatePublic(count: number): Promise<void>;
  /** A key's own limits, written as the user API would (before the key is first used). */
  setKeyLimits(keyId: string, limits: Record<string, number>): Promise<void>;
  /** Open concurrency slots of a user, as every replica sees them. */
  openSlots(userId: string): Promise<number>;
  stop(): Promise<void>;
}

export interface LimitsStackOptions {
  /** Shared counters in Redis; in-process ones otherwise. */
  redis: boolean;
  /** Gateway settings (strings, as in the environment). */
  gatewayEnv?: Record<string, string>;
  /** user-service settings (the default limits). */
  userEnv?: Record<string, string>;
  maxInFlightPerCredential?: number;
}

const REGION = 'us-east-1';

/**
 * The gateway, user-service and token-broker core in one process on real Postgres, with limit counters
 * in Redis or in process, and the simulator as Kiro. Undefined without the servers it needs.
 */
export async function startLimitsStack(options: LimitsStackOptions): Promise<LimitsStack | undefined> {
  const postgres = await getTestPostgres();
  if (!postgres) return undefined;
  let redis: TestRedis | undefined;
  if (options.redis) {
    redis = await getTestRedis();
    if (!redis) {
      await postgres.cleanup();
      return undefined;
    }
  }
  const sim = await startKiroSim({ port: 0 });
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
  await database.migrate();
  const logger = createLogger({ service: 'limits-test', level: 'silent' });
  const platform = createPlatform(
    redis
      ? { redisUrl: redis.url, keyPrefix: redis.keyPrefix, commandTimeoutMs: 10_000 }
      : { keyPrefix: 'kg' },
  );
  const kiro = createKiroClient({
    endpoints: kiroEndpoints({ region: REGION, apiUrl: sim.url, authUrl: sim.url, oidcUrl: sim.url }),
  });
  const core = await createTokenBrokerCore({
    platform,
    kiro,
    db: database.db,
    keyring: createKeyring(deriveEncryptionKey(randomBytes(32).toString('hex'))),
    acceptsDonations: true,
    serverCredentials: { records: [], persist: async () => undefined, sources: [] },
    region: REGION,
    refreshMarginMs: defaultRefreshMarginMs,
    maxInFlightPerCredential: options.maxInFlightPerCredential ?? 4,
  });
  const adminPassword = `limits-admin-${randomBytes(6).toString('hex')}`;
  const userService = createUserService({
    db: database.db,
    platform,
    credentialAdmin: core.admin!,
    config: loadConfig(userServiceConfigSchema, {
      USER_SESSION_SECRET: 'limits-test-session-secret',
      // user-service's config requires it (its gRPC server); nothing here calls over gRPC.
      INTERNAL_TOKEN: 'limits-test-internal-token-0123456789',
      ADMIN_PASSWORD: adminPassword,
      DATABASE_URL: postgres.url,
      LOG_LEVEL: 'silent',
      ...options.userEnv,
    }),
    logger,
    version: 'test',
  });
  await userService.start();
  const connection = await connectUserService({
    platform,
    verifier: userService.verifier,
    envProxyApiKey: undefined,
  });
  const gateway = createGateway({
    config: loadConfig(gatewayConfigSchema, {
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      LOG_LEVEL: 'silent',
      ...options.gatewayEnv,
    }),
    broker: core.broker,
    verifier: connection.verifier,
    proxyKeyHash: connection.proxyKeyHash,
    before: [connection.middleware],
    platform,
    kiro,
    logger,
    metrics: createMetrics('limits-test'),
    poolCapacity: async () => (await core.poolStatus()).publicCapacity,
    version: 'test',
  });
  const app = express();
  app.use(userService.app);
  app.use(gateway.app);
  server.on('request', app);

  const keys = userService.verifier;
  let donor: string | undefined;
  return {
    url,
    sim,
    platform,
    adminPassword,
    async user(name) {
      const [row] = await database.db.insert(users).values({ username: name }).returning({ id: users.id });
      const { row: keyRow, key } = await keys.create(row!.id, `${name}-key`);
      return { userId: row!.id, keyId: keyRow.id, key };
    },
    async key(userId) {
      const { row, key } = await keys.create(userId, 'another');
      return { keyId: row.id, key };
    },
    async donatePublic(count) {
      if (donor === undefined) {
        const [row] = await database.db
          .insert(users)
          .values({ username: 'donor' })
          .returning({ id: users.id });
        donor = row!.id;
      }
      for (let i = 0; i < count; i += 1) {
        await core.admin!.register({
          refreshToken: `aor${randomBytes(90).toString('base64url')}`,
          authKind: 'social',
          ownerUserId: donor,
          visibility: 'public',
          anonymous: false,
        });
      }
    },
    async setKeyLimits(keyId, limits) {
      await database.db.update(apiKeys).set({ limits }).where(eq(apiKeys.id, keyId));
    },
    async openSlots(userId) {
      const [held] = await platform.limitCounters.read([{ kind: 'slots', key: `conc:user:${userId}` }]);
      return held ?? 0;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      gateway.limits.close();
      await userService.close();
      await connection.close();
      await gateway.usage.flush();
      gateway.usage.close();
      await Promise.allSettled([kiro.close(), platform.close(), sim.close()]);
      await database.close();
      await postgres.cleanup();
      await redis?.cleanup();
    },
  };
}
