import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hashSecret } from '@kirogate/contracts';
import { apiKeys, createDatabase, users } from '@kirogate/db';
import { GrpcCredentialAdmin } from '@kirogate/grpc';
import { freePorts } from '@kirogate/testing';
import { NodeService } from './node-service.ts';
import { PostgresServer } from './postgres-server.ts';
import { RedisServer } from './redis-server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface TopologyOptions {
  /** Gateway STREAM_READ_TIMEOUT in seconds: how long a stalled upstream stream is waited for. */
  streamReadTimeoutSeconds: number;
  /** Gateway and broker SHUTDOWN_TIMEOUT_MS: the drain a SIGTERM allows open streams. */
  shutdownTimeoutMs: number;
}

/**
 * The scaled deployment on one machine, every part its own process: the Kiro simulator, a Postgres
 * server and a Redis (AOF on) started here, user-service, two token brokers, two gateways (each
 * balancing over both brokers), and the usage worker. Loopback only.
 */
export class Topology {
  readonly postgres: PostgresServer;
  readonly redis: RedisServer;
  readonly sim: NodeService;
  readonly simUrl: string;
  readonly userService: NodeService;
  readonly brokers: NodeService[];
  readonly gateways: NodeService[];
  readonly gatewayUrls: string[];
  readonly worker: NodeService;
  readonly proxyApiKey: string;

  private constructor(parts: {
    postgres: PostgresServer;
    redis: RedisServer;
    sim: NodeService;
    simUrl: string;
    userService: NodeService;
    brokers: NodeService[];
    gateways: NodeService[];
    gatewayUrls: string[];
    worker: NodeService;
    proxyApiKey: string;
  }) {
    this.postgres = parts.postgres;
    this.redis = parts.redis;
    this.sim = parts.sim;
    this.simUrl = parts.simUrl;
    this.userService = parts.userService;
    this.brokers = parts.brokers;
    this.gateways = parts.gateways;
    this.gatewayUrls = parts.gatewayUrls;
    this.worker = parts.worker;
    this.proxyApiKey = parts.proxyApiKey;
  }

  static async start(options: TopologyOptions, log: (line: string) => void): Promise<Topology> {
    // Every port at once: the services are restarted on theirs, so none may be 0.
    const [
      pgPort,
      redisPort,
      simPort,
      usHttp,
      usGrpc,
      usAdmin,
      b1,
      b1Admin,
      b2,
      b2Admin,
      g1,
      g1Admin,
      g2,
      g2Admin,
      wAdmin,
    ] = (await freePorts(15)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const started: { destroy(): Promise<void> }[] = [];
    try {
      log('starting Postgres and Redis');
      const postgres = await PostgresServer.create(pgPort);
      started.push(postgres);
      const redis = new RedisServer(redisPort);
      started.push(redis);
      await redis.start();
      const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
      await database.migrate();
      await database.close();

      const simUrl = `http://127.0.0.1:${simPort}`;
      const sim = new NodeService({
        name: 'kiro-sim',
        script: 'packages/kiro-sim/src/main.ts',
        args: ['--port', String(simPort), '--credit-limit', '1000000000000'],
        env: {},
        readyLine: simUrl,
        cwd: repoRoot,
      });
      const stoppable = (service: NodeService) => ({ destroy: () => service.stop('SIGKILL') });
      started.push(stoppable(sim));
      await sim.start();

      const proxyApiKey = `pk-${randomBytes(12).toString('hex')}`;
      const shared = {
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        KIRO_API_URL: simUrl,
        KIRO_AUTH_URL: simUrl,
        KIRO_OIDC_URL: simUrl,
        LOG_LEVEL: 'warn',
        // Every service of the deployment shares it; gRPC calls without it are refused.
        INTERNAL_TOKEN: randomBytes(32).toString('hex'),
      };
      const brokerTarget = `ipv4:127.0.0.1:${b1},127.0.0.1:${b2}`;
      const service = (name: string, script: string, readyLine: string, env: Record<string, string>) => {
        const created = new NodeService({
          name,
          script,
          readyLine,
          cwd: repoRoot,
          env: { ...shared, ...env },
        });
        started.push(stoppable(created));
        return created;
      };

      log('starting user-service, two token brokers, two gateways and the worker');
      const userService = service(
        'user-service',
        'services/user-service/src/main.ts',
        'user-service listening',
        {
          USER_SESSION_SECRET: randomBytes(24).toString('hex'),
          TOKEN_BROKER_URL: brokerTarget,
          HOST: '127.0.0.1',
          PORT: String(usHttp),
          GRPC_HOST: '127.0.0.1',
          GRPC_PORT: String(usGrpc),
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(usAdmin),
          LOG_LEVEL: 'info',
        },
      );
      const encryptKey = randomBytes(32).toString('hex');
      const refreshToken = `aor${randomBytes(90).toString('base64url')}`;
      const brokers = [
        [b1, b1Admin],
        [b2, b2Admin],
      ].map(([grpc, admin], index) =>
        service(`token-broker-${index + 1}`, 'services/token-broker/src/main.ts', 'token broker is serving', {
          TOKEN_ENCRYPT_KEY: encryptKey,
          REFRESH_TOKEN: refreshToken,
          GRPC_HOST: '127.0.0.1',
          GRPC_PORT: String(grpc),
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(admin),
          MAX_IN_FLIGHT_PER_CREDENTIAL: '1000',
          // A 403 storm takes the pool out; the re-check brings it back (60 s by default).
          TOKEN_RECHECK_BASE_DELAY: '10',
          SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs),
          LOG_LEVEL: 'info',
        }),
      );
      const gateways = [
        [g1, g1Admin],
        [g2, g2Admin],
      ].map(([port, admin], index) =>
        service(`gateway-${index + 1}`, 'services/api-gateway/src/main.ts', 'KiroGate gateway is listening', {
          TOKEN_BROKER_URL: brokerTarget,
          USER_SERVICE_URL: `127.0.0.1:${usGrpc}`,
          PROXY_API_KEY: proxyApiKey,
          HOST: '127.0.0.1',
          PORT: String(port),
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(admin),
          SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs),
          STREAM_READ_TIMEOUT: String(options.streamReadTimeoutSeconds),
          BASE_RETRY_DELAY: '0.2',
          LOG_LEVEL: 'info',
        }),
      );
      const worker = service('worker', 'services/worker/src/main.ts', 'worker started', {
        TOKEN_BROKER_URL: brokerTarget,
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(wAdmin),
        USAGE_BATCH_SIZE: '50',
        USAGE_BATCH_WAIT_MS: '500',
        LOG_LEVEL: 'info',
      });
      // The first broker alone (it imports the server credential into the empty database), then the rest.
      await brokers[0]!.start();
      await Promise.all([
        brokers[1]!.start(),
        userService.start(),
        worker.start(),
        ...gateways.map((gateway) => gateway.start()),
      ]);
      await donatePublicCredentials(postgres.url, brokerTarget, shared.INTERNAL_TOKEN, 2);
      return new Topology({
        postgres,
        redis,
        sim,
        simUrl,
        userService,
        brokers,
        gateways,
        gatewayUrls: [g1, g2].map((port) => `http://127.0.0.1:${port}`),
        worker,
        proxyApiKey,
      });
    } catch (error) {
      for (const part of started.reverse()) await part.destroy().catch(() => undefined);
      throw error;
    }
  }

  /** `count` new `sk-` keys of `count` new users, written straight to the database user-service owns. */
  async createKeys(count: number, label: string): Promise<{ key: string; id: string }[]> {
    const database = await createDatabase({ databaseUrl: this.postgres.url, dataDir: '' });
    try {
      const created: { key: string; id: string }[] = [];
      for (let i = 0; i < count; i += 1) {
        const [user] = await database.db
          .insert(users)
          .values({ username: `chaos-${label}-${i}` })
          .returning({ id: users.id });
        const key = `sk-${randomBytes(24).toString('hex')}`;
        const [row] = await database.db
          .insert(apiKeys)
          .values({ userId: user!.id, keyHash: hashSecret(key), keyPrefix: key.slice(0, 10), name: label })
          .returning({ id: apiKeys.id });
        created.push({ key, id: row!.id });
      }
      return created;
    } finally {
      await database.close();
    }
  }

  /** Stops everything (services first) and deletes the data directories. */
  async destroy(): Promise<void> {
    const services = [...this.gateways, this.worker, this.userService, ...this.brokers, this.sim];
    await Promise.all(services.map((service) => service.stop('SIGTERM', 10_000).catch(() => undefined)));
    await this.redis.destroy().catch(() => undefined);
    await this.postgres.destroy().catch(() => undefined);
  }
}

/**
 * `sk-` keys draw on the public pool (the server's own credential serves the proxy key only): a donor
 * gives `count` public credentials through the broker, as user-service's donation page does.
 */
async function donatePublicCredentials(
  databaseUrl: string,
  brokerTarget: string,
  internalToken: string,
  count: number,
): Promise<void> {
  const database = await createDatabase({ databaseUrl, dataDir: '' });
  const admin = new GrpcCredentialAdmin({
    target: brokerTarget,
    deadlineMs: 20_000,
    auth: { token: internalToken },
  });
  try {
    const [donor] = await database.db
      .insert(users)
      .values({ username: 'chaos-donor' })
      .returning({ id: users.id });
    for (let i = 0; i < count; i += 1) {
      await admin.register({
        refreshToken: `aor${randomBytes(90).toString('base64url')}`,
        authKind: 'social',
        ownerUserId: donor!.id,
        visibility: 'public',
        anonymous: false,
      });
    }
  } finally {
    admin.close();
    await database.close();
  }
}
