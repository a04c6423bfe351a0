import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CredentialAdmin } from '@kirogate/contracts';
import { createDatabase, createKeyring, type Database, deriveEncryptionKey } from '@kirogate/db';
import { type RunningGrpcServer, startGrpcServer } from '@kirogate/grpc';
import { createKiroClient, kiroEndpoints } from '@kirogate/kiro';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { createLogger } from '@kirogate/observability';
import { createPlatform, type Platform } from '@kirogate/platform';
import { getTestPostgres, getTestRedis, type TestPostgres, type TestRedis } from '@kirogate/testing';
import { createTokenBrokerCore } from '@kirogate/token-broker';
import type { UserServiceSettings } from '../../src/config.ts';
import { createUserService, type UserService } from '../../src/create-user-service.ts';
import { userGrpcService } from '../../src/grpc/user-grpc-service.ts';
import { BrowserSession } from './browser-session.ts';

export const adminPassword = 'correct horse battery staple 42';
export const sessionSecret = 'test-session-secret-0123456789abcdef';
export const githubClientSecret = 'gh-client-secret-should-never-leak';
export const linuxdoClientSecret = 'ld-client-secret-should-never-leak';

/** A refresh token kiro-sim accepts (lenient mode: starts with `aor`), as long as real ones. */
export function kiroToken(label: string): string {
  return `aor${label}-`.padEnd(120, 'x');
}

export interface Harness {
  url: string;
  sim: KiroSim;
  db: Database;
  platform: Platform;
  /** Another process's view of the same Redis (a gateway replica); closed with the harness. */
  replicaPlatform(): Promise<Platform>;
  service: UserService;
  credentialAdmin: CredentialAdmin;
  grpcTarget: string;
  /** Every response body any browser of this harness received. */
  bodies: string[];
  browser(): BrowserSession;
  /** A browser logged in through the fake GitHub provider as `login`. */
  login(login: string): Promise<BrowserSession>;
  admin(): Promise<BrowserSession>;
  close(): Promise<void>;
}

/** user-service on real Postgres + Redis, OAuth and token validation against kiro-sim, gRPC on a free port. */
export interface HarnessOptions {
  /** Sees every SQL statement user-service and the in-process token-broker send. */
  onQuery?: (sql: string) => void;
}

export async function startHarness(
  overrides: Partial<UserServiceSettings> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const postgres = (await getTestPostgres()) as TestPostgres;
  const redis = (await getTestRedis()) as TestRedis;
  // Rotation off: with rotation, token-broker stores the hash of the rotated token, so donating the
  // same (original) token again is not detected as a duplicate (reported to the token-broker owner).
  const sim = await startKiroSim({ port: 0, rotation: 'off' });
  const db = await createDatabase({
    databaseUrl: postgres.url,
    dataDir: '/nonexistent',
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  await db.migrate();
  const platform = createPlatform({
    redisUrl: redis.url,
    keyPrefix: redis.keyPrefix,
    commandTimeoutMs: 10_000,
  });
  await platform.ping();
  const kiro = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl: sim.url, authUrl: sim.url, oidcUrl: sim.url }),
  });
  // token-broker's own CredentialAdmin (validation by one refresh against kiro-sim, encrypted rows).
  const broker = await createTokenBrokerCore({
    platform,
    kiro,
    db: db.db,
    keyring: createKeyring(deriveEncryptionKey(randomBytes(32).toString('hex'))),
    acceptsDonations: true,
    serverCredentials: { records: [], persist: async () => undefined, sources: [] },
    region: 'us-east-1',
    refreshMarginMs: 600_000,
    maxInFlightPerCredential: 16,
  });
  const credentialAdmin = broker.admin!;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config: UserServiceSettings = {
    USER_SESSION_SECRET: sessionSecret,
    USER_SESSION_MAX_AGE: 3600,
    ADMIN_PASSWORD: adminPassword,
    ADMIN_SECRET_KEY: undefined,
    ADMIN_SESSION_MAX_AGE: 3600,
    COOKIE_SECURE: 'auto',
    TRUSTED_PROXIES: 'loopback',
    CSRF_ENABLED: true,
    PUBLIC_URL: [],
    GITHUB_CLIENT_ID: 'gh-client',
    GITHUB_CLIENT_SECRET: githubClientSecret,
    GITHUB_REDIRECT_URI: `${url}/oauth2/github/callback`,
    GITHUB_OAUTH_URL: `${sim.url}/github`,
    GITHUB_API_URL: `${sim.url}/github/api`,
    OAUTH_CLIENT_ID: 'ld-client',
    OAUTH_CLIENT_SECRET: linuxdoClientSecret,
    OAUTH_REDIRECT_URI: `${url}/oauth2/callback`,
    LINUXDO_URL: `${sim.url}/linuxdo`,
    LINUXDO_MIN_TRUST_LEVEL: 2,
    OAUTH_LOGINS_PER_MINUTE: 1_000,
    PROXY_API_KEY: undefined,
    USER_REQUESTS_PER_MINUTE: 30,
    USER_CONCURRENT_REQUESTS: 4,
    USER_DAILY_CREDITS: 50,
    USER_MONTHLY_CREDITS: 500,
    USER_DAILY_TOKENS: 5_000_000,
    ...overrides,
  };
  const logger = createLogger({ service: 'user-service-test', level: 'warn' });
  const service = createUserService({
    db: db.db,
    platform,
    credentialAdmin,
    config,
    logger,
    version: 'test',
  });
  await service.start();
  server.on('request', service.app);
  const grpc: RunningGrpcServer = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    services: [userGrpcService(service.verifier)],
  });
  grpc.setServing(true);

  const bodies: string[] = [];
  const browser = () => new BrowserSession(url, bodies);
  let adminSession: BrowserSession | undefined;
  const replicas: Platform[] = [];
  return {
    url,
    sim,
    db,
    platform,
    async replicaPlatform() {
      const replica = createPlatform({
        redisUrl: redis.url,
        keyPrefix: redis.keyPrefix,
        commandTimeoutMs: 10_000,
      });
      await replica.ping();
      replicas.push(replica);
      return replica;
    },
    service,
    credentialAdmin,
    grpcTarget: `127.0.0.1:${grpc.port}`,
    bodies,
    browser,
    async login(login) {
      const session = browser();
      const landed = await session.oauthLogin('/oauth2/github/login', { login_as: login });
      if (landed !== '/user') throw new Error(`login as ${login} ended at ${landed}`);
      const profile = await session.request('/user/api/profile');
      session.csrf = profile.json().csrf_token;
      return session;
    },
    async admin() {
      // One login per harness: the login limiter counts every attempt from 127.0.0.1.
      if (adminSession) return adminSession;
      const session = browser();
      const response = await session.request('/admin/login', {
        method: 'POST',
        json: { password: adminPassword },
      });
      if (response.status !== 200) throw new Error(`admin login: ${response.status}`);
      session.csrf = response.json().csrf_token;
      adminSession = session;
      return session;
    },
    async close() {
      await service.close();
      await grpc.shutdown(1000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all(replicas.map((replica) => replica.close()));
      await platform.close();
      await db.close();
      await kiro.close();
      await sim.close();
      await redis.cleanup();
      await postgres.cleanup();
    },
  };
}
