import { randomBytes } from 'node:crypto';
import type { CredentialAdmin } from '@kirogate/contracts';
import {
  createDatabase,
  createKeyring,
  credentialChecks,
  credentials,
  type Database,
  deriveEncryptionKey,
  users,
} from '@kirogate/db';
import { startGrpcServer } from '@kirogate/grpc';
import { enqueueJob, queueNames } from '@kirogate/jobs';
import { createKiroClient, type KiroClient, kiroEndpoints } from '@kirogate/kiro';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { createPlatform, type Platform } from '@kirogate/platform';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { createTokenBrokerCore, type TokenBrokerCore } from '@kirogate/token-broker';
import { tokenBrokerGrpcService } from '@kirogate/token-broker/grpc';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningWorker, startWorker } from '../src/start-worker.ts';
import { spawnWorker } from './support/spawn-worker.ts';
import { waitFor } from './support/usage-fixture.ts';
import { quietObservability, workerSettings } from './support/worker-harness.ts';

/** The worker's health checks through token-broker's own CredentialAdmin, against the simulator. */
describeWithServices(
  'credential health checks through token-broker against kiro-sim',
  { postgres: true, redis: true },
  () => {
    let postgres: TestPostgres;
    let redis: TestRedis;
    let database: Database;
    let platform: Platform;
    let sim: KiroSim;
    let kiro: KiroClient;
    let admin: CredentialAdmin;
    let core: TokenBrokerCore;
    let worker: RunningWorker | undefined;

    beforeAll(async () => {
      postgres = (await getTestPostgres())!;
      redis = (await getTestRedis())!;
      database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
      await database.migrate();
      platform = createPlatform({
        redisUrl: redis.url,
        keyPrefix: redis.keyPrefix,
        commandTimeoutMs: 10_000,
      });
      // Without rotation the donated token stays the one the simulator revokes and restores.
      sim = await startKiroSim({ rotation: 'off' });
      kiro = createKiroClient({
        endpoints: kiroEndpoints({
          region: 'us-east-1',
          apiUrl: sim.url,
          authUrl: sim.url,
          oidcUrl: sim.url,
        }),
      });
      core = await createTokenBrokerCore({
        platform,
        kiro,
        db: database.db,
        keyring: createKeyring(deriveEncryptionKey(randomBytes(32).toString('base64'))),
        acceptsDonations: true,
        serverCredentials: { records: [], persist: async () => undefined, sources: [] },
        region: 'us-east-1',
        refreshMarginMs: 600_000,
        maxInFlightPerCredential: 16,
      });
      if (!core.admin) throw new Error('token-broker built no admin');
      admin = core.admin;
    });
    afterAll(async () => {
      await worker?.stop();
      await platform?.close();
      await kiro?.close();
      await database?.close();
      await sim?.close();
      await redis?.cleanup();
      await postgres?.cleanup();
    });

    async function donate(ownerUserId: string) {
      const token = `aor${randomBytes(90).toString('base64url')}`;
      const summary = await admin.register({
        refreshToken: token,
        authKind: 'social',
        ownerUserId,
        visibility: 'public',
        anonymous: false,
      });
      return { id: summary.id, token };
    }

    const statusOf = async (id: string) =>
      (
        await database.db
          .select({ status: credentials.status })
          .from(credentials)
          .where(eq(credentials.id, id))
      )[0]?.status;
    const checksOf = (id: string) =>
      database.db
        .select({ ok: credentialChecks.ok })
        .from(credentialChecks)
        .where(eq(credentialChecks.credentialId, id))
        .orderBy(asc(credentialChecks.id));

    it('marks a revoked credential invalid at the next check, re-checks it with backoff and revives it', async () => {
      const [owner] = await database.db
        .insert(users)
        .values({ username: 'donor-1' })
        .returning({ id: users.id });
      const healthy = await donate(owner!.id);
      const disabled = await donate(owner!.id);
      await admin.update(disabled.id, { status: 'disabled' });
      const disabledChecks = (await checksOf(disabled.id)).length;

      worker = await startWorker({
        platform,
        db: database.db,
        credentialAdmin: admin,
        ...quietObservability(),
        config: workerSettings({
          TOKEN_HEALTH_CHECK_INTERVAL: '3600',
          TOKEN_RECHECK_BASE_DELAY: '0.2',
          CHECK_SPACING_MS: '0',
        }),
      });
      // The schedule sweeps at once: the credential works.
      await waitFor(
        () => checksOf(healthy.id),
        (checks) => checks.length >= 1,
      );
      expect(await checksOf(healthy.id)).toEqual([{ ok: true }]);
      expect(await statusOf(healthy.id)).toBe('active');

      sim.setTokenState(healthy.token, 'revoked');
      await enqueueJob(platform.jobQueue, 'credentialSweep', {});
      await waitFor(
        () => statusOf(healthy.id),
        (status) => status === 'invalid',
      );
      // Re-checks follow on their own (after 0.2 s, 0.4 s, 0.8 s…) while it stays revoked.
      await waitFor(
        () => checksOf(healthy.id),
        (checks) => checks.filter((check) => !check.ok).length >= 3,
      );
      expect(await statusOf(healthy.id)).toBe('invalid');

      sim.setTokenState(healthy.token, 'active');
      await waitFor(
        () => statusOf(healthy.id),
        (status) => status === 'active',
      );
      const checks = await checksOf(healthy.id);
      expect(checks.at(-1)).toEqual({ ok: true });
      // The chain ends with the revival: nothing waits on the queue but the next scheduled sweep.
      const counts = await waitFor(
        () => platform.jobQueue.counts(queueNames.credentials),
        (current) => current.active === 0,
      );
      expect(counts.waiting).toBe(0);
      expect(counts.delayed).toBeLessThanOrEqual(1);
      expect((await checksOf(disabled.id)).length).toBe(disabledChecks);
      expect(await platform.jobQueue.failed(queueNames.credentials, 10)).toEqual([]);
    }, 60_000);

    it('checks through token-broker over gRPC from the scaled worker process', async () => {
      const server = await startGrpcServer({
        host: '127.0.0.1',
        port: 0,
        services: [tokenBrokerGrpcService(core)],
      });
      server.setServing(true);
      const keyPrefix = `${redis.keyPrefix}-scaled`;
      const producer = createPlatform({ redisUrl: redis.url, keyPrefix, commandTimeoutMs: 10_000 });
      const [owner] = await database.db
        .insert(users)
        .values({ username: 'donor-2' })
        .returning({ id: users.id });
      const credential = await donate(owner!.id);
      const child = await spawnWorker({
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: keyPrefix,
        TOKEN_BROKER_URL: `127.0.0.1:${server.port}`,
        INTERNAL_TOKEN: 'worker-test-internal-token-0123456789abcdef',
        TOKEN_RECHECK_BASE_DELAY: '0.2',
        CHECK_SPACING_MS: '0',
      });
      try {
        await waitFor(
          () => checksOf(credential.id),
          (checks) => checks.length >= 1 || child.child.exitCode !== null,
        );
        expect(await checksOf(credential.id), child.output()).toEqual([{ ok: true }]);
        sim.setTokenState(credential.token, 'revoked');
        await enqueueJob(producer.jobQueue, 'credentialSweep', {});
        await waitFor(
          () => statusOf(credential.id),
          (status) => status === 'invalid',
        );
        sim.setTokenState(credential.token, 'active');
        await waitFor(
          () => statusOf(credential.id),
          (status) => status === 'active',
        );
        child.child.kill('SIGTERM');
        expect(await child.exited, child.output()).toBe(0);
      } finally {
        if (child.child.exitCode === null) child.child.kill('SIGKILL');
        await producer.close();
        await server.shutdown(100);
      }
    }, 60_000);
  },
);
