import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { connectUserService, createGateway, gatewayConfigSchema } from '@kirogate/api-gateway';
import { loadConfig } from '@kirogate/config';
import { createDatabase, createKeyring, deriveEncryptionKey, usageEvents } from '@kirogate/db';
import { createKiroClient, defaultRefreshMarginMs, kiroEndpoints } from '@kirogate/kiro';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { createLogger, createMetrics } from '@kirogate/observability';
import { createPlatform } from '@kirogate/platform';
import { getTestPostgres } from '@kirogate/testing';
import { createTokenBrokerCore, loadServerCredentials } from '@kirogate/token-broker';
import { recomputeRollup, startWorker, workerConfigSchema } from '@kirogate/worker';
import { sql } from 'drizzle-orm';
import express from 'express';
import { createUserService, type UserService, userServiceConfigSchema } from '../../../src/index.ts';

export interface WebStack {
  url: string;
  sim: KiroSim;
  userService: UserService;
  adminPassword: string;
  /** Waits until `count` usage events are stored, then rebuilds this hour's and day's roll-ups. */
  rollUpUsage(count: number): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/**
 * user-service (real Postgres, token-broker core for donations) and the gateway for `/v1/*` behind
 * one port, the worker ingesting usage, and the simulator as Kiro and as the GitHub/LinuxDo OAuth
 * providers. Undefined when no Postgres is reachable.
 */
export async function startWebStack(): Promise<WebStack | undefined> {
  const postgres = await getTestPostgres();
  if (!postgres) return undefined;
  const sim = await startKiroSim();
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
  await database.migrate();
  const logger = createLogger({ service: 'web-test', level: 'silent' });
  const platform = createPlatform({ keyPrefix: 'kg' });
  const kiro = createKiroClient({
    endpoints: kiroEndpoints({ region: REGION, apiUrl: sim.url, authUrl: sim.url, oidcUrl: sim.url }),
  });
  const core = await createTokenBrokerCore({
    platform,
    kiro,
    db: database.db,
    keyring: createKeyring(deriveEncryptionKey('browser-test-encryption-key')),
    acceptsDonations: true,
    serverCredentials: await loadServerCredentials({ region: REGION }),
    region: REGION,
    refreshMarginMs: defaultRefreshMarginMs,
    maxInFlightPerCredential: 4,
  });
  const adminPassword = 'browser-test-admin-password';
  const config = loadConfig(userServiceConfigSchema, {
    USER_SESSION_SECRET: 'browser-test-session-secret',
    // user-service's config requires it (its gRPC server); nothing here calls over gRPC.
    INTERNAL_TOKEN: 'browser-test-internal-token-0123456789',
    ADMIN_PASSWORD: adminPassword,
    GITHUB_CLIENT_ID: 'web-test-client',
    GITHUB_CLIENT_SECRET: 'web-test-secret',
    GITHUB_OAUTH_URL: `${sim.url}/github`,
    GITHUB_API_URL: `${sim.url}/github/api`,
    GITHUB_REDIRECT_URI: `${url}/oauth2/github/callback`,
    OAUTH_CLIENT_ID: 'web-test-client',
    OAUTH_CLIENT_SECRET: 'web-test-secret',
    LINUXDO_URL: `${sim.url}/linuxdo`,
    OAUTH_REDIRECT_URI: `${url}/oauth2/callback`,
    DATABASE_URL: postgres.url,
    LOG_LEVEL: 'silent',
  });
  const userService = createUserService({
    db: database.db,
    platform,
    credentialAdmin: core.admin!,
    config,
    logger,
    version: 'test',
    // As the standalone does: the status page lists what the gateway below lists.
    models: () => gateway.models.publicNames(),
  });
  await userService.start();
  // As in the standalone process: the site guard (blacklist, site switch) and revocations in front.
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
    }),
    broker: core.broker,
    verifier: connection.verifier,
    proxyKeyHash: connection.proxyKeyHash,
    before: [connection.middleware],
    platform,
    kiro,
    logger,
    metrics: createMetrics('web-test'),
    version: 'test',
  });
  const worker = await startWorker({
    platform,
    db: database.db,
    logger,
    metrics: createMetrics('web-test-worker'),
    config: loadConfig(workerConfigSchema, {
      DATABASE_URL: postgres.url,
      USAGE_BATCH_WAIT_MS: '0',
      LOG_LEVEL: 'silent',
    }),
  });
  const app = express();
  app.use(userService.app);
  app.use(gateway.app);
  server.on('request', app);

  return {
    url,
    sim,
    userService,
    adminPassword,
    rollUpUsage: async (count) => {
      for (;;) {
        const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(usageEvents);
        if ((row?.n ?? 0) >= count) break;
        await delay(50);
      }
      // What the worker's scheduled roll-up jobs do every few minutes.
      await recomputeRollup(database.db, 'hour', new Date());
      await recomputeRollup(database.db, 'day', new Date());
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await userService.close();
      await connection.close();
      await gateway.usage.flush();
      gateway.usage.close();
      await worker.stop();
      await Promise.allSettled([kiro.close(), platform.close(), sim.close()]);
      await database.close();
      await postgres.cleanup();
    },
  };
}
