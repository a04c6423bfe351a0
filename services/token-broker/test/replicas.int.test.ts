import { randomBytes } from 'node:crypto';
import { startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices, getTestRedis } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrokerProcess, spawnBroker } from './support/broker-process.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const serverLease = { caller: { server: {} }, model: 'claude-sonnet-4.5', sessionKey: '', exclude: [] };

describeWithServices(
  'token-broker replicas (three processes, one Postgres, one Redis)',
  { postgres: true, redis: true },
  () => {
    let sim: Awaited<ReturnType<typeof startKiroSim>>;
    let services: SharedServices;
    let brokers: BrokerProcess[] = [];
    const refreshToken = `aor${randomBytes(120).toString('base64url')}`;

    beforeAll(async () => {
      sim = await startKiroSim({ rotation: 'revoke-rotated' });
      services = await sharedServices();
    });

    afterAll(async () => {
      await Promise.all(brokers.map((broker) => broker.stop()));
      await sim?.close();
      await services?.cleanup();
    });

    function env(redisPrefix: string): Record<string, string> {
      return {
        DATABASE_URL: services.postgres.url,
        REDIS_URL: services.redis.url,
        REDIS_KEY_PREFIX: redisPrefix,
        TOKEN_ENCRYPT_KEY: services.encryptKey,
        REFRESH_TOKEN: refreshToken,
        // All 60 leases stay open until the end of the test, on the one credential.
        MAX_IN_FLIGHT_PER_CREDENTIAL: '100',
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
      };
    }

    it('60 concurrent leases spread over three brokers on one expiring credential cause exactly one refresh', async () => {
      brokers = await Promise.all([0, 1, 2].map(() => spawnBroker(env(services.redis.keyPrefix))));
      const leases = await Promise.all(
        Array.from({ length: 60 }, (_, i) => brokers[i % 3]!.client.call('leaseCredential', serverLease)),
      );
      const refreshes = sim.stats().refreshesByToken;
      expect(Object.values(refreshes).reduce((sum, n) => sum + n, 0)).toBe(1);
      expect(refreshes[refreshToken]).toBe(1);
      expect(new Set(leases.map((lease) => lease.accessToken)).size).toBe(1);
      expect(new Set(leases.map((lease) => lease.credentialId)).size).toBe(1);
      // In-flight accounting is shared: every replica sees all 60 leases.
      const pool = await brokers[0]!.client.call('poolStatus', {});
      expect(pool.inFlight).toBe(60);
      await brokers[1]!.client.call('reportOutcome', {
        reports: leases.map((lease) => ({
          leaseId: lease.leaseId,
          kind: 'OUTCOME_KIND_SUCCESS',
          latencyMs: 10,
        })),
      });
      expect((await brokers[2]!.client.call('poolStatus', {})).inFlight).toBe(0);
    });

    it('keeps working after the rotated refresh token revoked the configured one and every broker restarted', async () => {
      await Promise.all(brokers.map((broker) => broker.stop()));
      // A fresh Redis namespace: no cached access token, so the restarted brokers must refresh again,
      // and only the rotated token persisted in Postgres can succeed (the simulator revoked the old one).
      const fresh = await getTestRedis();
      if (!fresh) throw new Error('Redis is gone');
      brokers = await Promise.all([0, 1, 2].map(() => spawnBroker(env(fresh.keyPrefix))));
      try {
        const lease = await brokers[2]!.client.call('leaseCredential', serverLease);
        expect(lease.accessToken).toMatch(/^aoa/);
        const refreshes = sim.stats().refreshesByToken;
        expect(refreshes[refreshToken]).toBe(1);
        expect(Object.values(refreshes).reduce((sum, n) => sum + n, 0)).toBe(2);
        const listed = await brokers[0]!.client.call('listCredentials', {
          visibility: 'VISIBILITY_UNSPECIFIED',
          status: 'CREDENTIAL_STATE_UNSPECIFIED',
          page: 0,
          pageSize: 0,
        });
        expect(listed.items.map((item) => item.status)).toEqual(['CREDENTIAL_STATE_ACTIVE']);
        for (const broker of brokers) expect(broker.output()).not.toContain(refreshToken.slice(3, 40));
      } finally {
        await Promise.all(brokers.map((broker) => broker.stop()));
        brokers = [];
        await fresh.cleanup();
      }
    });
  },
);
