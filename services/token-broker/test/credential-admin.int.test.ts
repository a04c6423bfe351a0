import { randomBytes } from 'node:crypto';
import { hashSecret, noLimits } from '@kirogate/contracts';
import { createDatabase, credentials, credentialUsage, type Database, users } from '@kirogate/db';
import {
  createGrpcClient,
  type GrpcClient,
  GrpcCredentialAdmin,
  loadTokenBrokerProto,
  type RunningGrpcServer,
  startGrpcServer,
  type TokenBrokerServiceClient,
} from '@kirogate/grpc';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tokenBrokerGrpcService } from '../src/token-broker-grpc-service.ts';
import { type InProcessBroker, inProcessBroker, serverRecord } from './support/in-process-broker.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const token = () => `aor${randomBytes(120).toString('base64url')}`;
const anyFilter = {
  visibility: 'VISIBILITY_UNSPECIFIED',
  status: 'CREDENTIAL_STATE_UNSPECIFIED',
  page: 0,
  pageSize: 0,
} as const;

/** CredentialAdmin over gRPC: donations, updates, listing, health checks, deletion. */
describeWithServices('credential admin over gRPC', { postgres: true, redis: true }, () => {
  let sim: KiroSim;
  let services: SharedServices;
  let broker: InProcessBroker;
  let server: RunningGrpcServer;
  let client: GrpcClient<TokenBrokerServiceClient>;
  let database: Database;
  let ownerId: string;

  beforeEach(async () => {
    sim = await startKiroSim({ rotation: 'revoke-rotated' });
    services = await sharedServices();
    broker = await inProcessBroker(services, sim, []);
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [tokenBrokerGrpcService(broker.core)],
    });
    server.setServing(true);
    client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
      target: `127.0.0.1:${server.port}`,
      deadlineMs: 10_000,
    });
    database = await createDatabase({ databaseUrl: services.postgres.url, dataDir: '/nonexistent' });
    const [owner] = await database.db.insert(users).values({ username: 'donor' }).returning();
    ownerId = owner!.id;
  });

  afterEach(async () => {
    client?.close();
    await server?.shutdown(100);
    await broker?.close();
    await database?.close();
    await sim?.close();
    await services?.cleanup();
  });

  const donate = (
    refreshToken: string,
    visibility: 'VISIBILITY_PUBLIC' | 'VISIBILITY_PRIVATE' = 'VISIBILITY_PUBLIC',
  ) =>
    client.call('registerCredential', {
      refreshToken,
      authKind: 'AUTH_KIND_SOCIAL',
      ownerUserId: ownerId,
      visibility,
      anonymous: false,
    });

  it('validates a donation with one refresh and stores the (rotated) token encrypted', async () => {
    const refreshToken = token();
    const summary = await donate(refreshToken);
    expect(summary).toMatchObject({
      source: 'donated',
      ownerUserId: ownerId,
      visibility: 'VISIBILITY_PUBLIC',
      status: 'CREDENTIAL_STATE_ACTIVE',
    });
    expect(sim.stats().refreshesByToken[refreshToken]).toBe(1);
    const [row] = await database.db.select().from(credentials).where(eq(credentials.id, summary.id));
    expect(row!.refreshTokenEnc).not.toContain(refreshToken.slice(3, 40));
    expect(row!.refreshTokenEnc.split('.')[1]).toBe(row!.keyId);
    // Duplicates are found by the token as donated; the simulator revoked it when it rotated it, and the
    // lease below works only because the rotated one was stored.
    expect(row!.tokenHash).toBe(hashSecret(refreshToken));
    const lease = await broker.core.broker.lease({
      caller: {
        kind: 'user',
        userId: ownerId,
        keyId: 'k',
        status: 'active',
        limits: { user: noLimits, key: noLimits },
      },
      model: 'claude-sonnet-4.5',
    });
    expect(lease.credentialId).toBe(summary.id);
    expect((await broker.use(lease)).kind).toBe('success');
  });

  it('refuses duplicates, rejected tokens and truncated tokens with the right codes', async () => {
    const refreshToken = token();
    await donate(refreshToken);
    await expect(donate(refreshToken)).rejects.toMatchObject({ code: 'CONFLICT' });
    const revoked = token();
    sim.setTokenState(revoked, 'revoked');
    await expect(donate(revoked)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(donate('aor...short')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const listed = await client.call('listCredentials', { ...anyFilter, ownerUserId: ownerId });
    expect(listed.total).toBe(1);
  });

  it('lists by owner and visibility, disables and re-enables, deletes', async () => {
    const publicOne = await donate(token(), 'VISIBILITY_PUBLIC');
    const privateOne = await donate(token(), 'VISIBILITY_PRIVATE');
    const onlyPublic = await client.call('listCredentials', {
      ...anyFilter,
      visibility: 'VISIBILITY_PUBLIC',
    });
    expect(onlyPublic.items.map((item) => item.id)).toEqual([publicOne.id]);

    const disabled = await client.call('updateCredential', {
      id: publicOne.id,
      visibility: 'VISIBILITY_UNSPECIFIED',
      status: 'CREDENTIAL_STATE_DISABLED',
    });
    expect(disabled.status).toBe('CREDENTIAL_STATE_DISABLED');
    await expect(broker.core.broker.lease({ caller: { kind: 'server' }, model: 'm' })).rejects.toMatchObject({
      code: 'NO_CREDENTIAL_AVAILABLE',
    });
    await client.call('updateCredential', {
      id: publicOne.id,
      visibility: 'VISIBILITY_UNSPECIFIED',
      status: 'CREDENTIAL_STATE_ACTIVE',
    });
    expect((await broker.core.broker.lease({ caller: { kind: 'server' }, model: 'm' })).credentialId).toBe(
      publicOne.id,
    );
    await expect(
      client.call('updateCredential', {
        id: publicOne.id,
        visibility: 'VISIBILITY_UNSPECIFIED',
        status: 'CREDENTIAL_STATE_SUSPENDED',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });

    await client.call('deleteCredential', { id: privateOne.id });
    await expect(client.call('deleteCredential', { id: privateOne.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await client.call('listCredentials', anyFilter)).total).toBe(1);
    const pool = await client.call('poolStatus', {});
    expect(pool).toMatchObject({ total: 1, byStatus: { active: 1 } });
  });

  it('checks: stores credits and the reset date, marks exhausted quota, revives a credential that works again', async () => {
    const refreshToken = token();
    const summary = await donate(refreshToken);
    const healthy = await client.call('checkCredential', { id: summary.id });
    expect(healthy.status).toBe('CREDENTIAL_STATE_ACTIVE');
    expect(healthy.availableCredits).toBeGreaterThan(0);
    const now = new Date();
    expect(healthy.quotaResetAtMs).toBe(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

    await broker.core.store.setStatus(summary.id, 'invalid', 'was broken');
    const revived = await client.call('checkCredential', { id: summary.id });
    expect(revived.status).toBe('CREDENTIAL_STATE_ACTIVE');
    expect((await broker.core.store.get(summary.id))?.status).toBe('active');

    sim.setTokenState(refreshToken, 'quota-exhausted');
    const exhausted = await client.call('checkCredential', { id: summary.id });
    expect(exhausted.status).toBe('CREDENTIAL_STATE_QUOTA_EXHAUSTED');
    expect(exhausted.availableCredits).toBe(0);
    const listed = await client.call('listCredentials', anyFilter);
    expect(listed.items[0]).toMatchObject({
      status: 'CREDENTIAL_STATE_QUOTA_EXHAUSTED',
      availableCredits: 0,
    });
    await expect(
      client.call('checkCredential', { id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('works through GrpcCredentialAdmin, the client user-service and the worker use', async () => {
    const admin = new GrpcCredentialAdmin({ target: `127.0.0.1:${server.port}`, deadlineMs: 10_000 });
    try {
      const refreshToken = token();
      const summary = await admin.register({
        refreshToken,
        authKind: 'social',
        ownerUserId: ownerId,
        visibility: 'private',
        anonymous: true,
      });
      expect(summary).toMatchObject({
        source: 'donated',
        ownerUserId: ownerId,
        visibility: 'private',
        anonymous: true,
        status: 'active',
        statusReason: null,
        availableCredits: null,
        lastCheckAt: null,
      });
      expect(summary.createdAt).toBeInstanceOf(Date);
      const checked = await admin.check(summary.id);
      expect(checked).toMatchObject({ credentialId: summary.id, status: 'active', reason: null });
      expect(checked.quotaResetAt).toBeInstanceOf(Date);
      expect((await admin.update(summary.id, { visibility: 'public' })).visibility).toBe('public');
      const listed = await admin.list({ ownerUserId: ownerId, visibility: 'public' });
      expect(listed.items.map((item) => item.id)).toEqual([summary.id]);
      expect(listed.items[0]?.lastCheckAt).toBeInstanceOf(Date);
      expect(listed.items[0]).toMatchObject({
        successCount: 0,
        failCount: 0,
        creditsUsed: 0,
        lastUsedAt: null,
      });
      // Request counters come from the worker's credential_usage (the read model), not from credentials.
      const lastUsedAt = new Date('2026-12-03T00:00:00Z');
      await database.db
        .insert(credentialUsage)
        .values({ credentialId: summary.id, successCount: 9, failCount: 1, creditsUsed: 0.5, lastUsedAt });
      const counted = { successCount: 9, failCount: 1, creditsUsed: 0.5, lastUsedAt };
      expect((await admin.list({ ownerUserId: ownerId })).items[0]).toMatchObject(counted);
      expect(await admin.update(summary.id, { visibility: 'public' })).toMatchObject(counted);
      const nobody = '00000000-0000-4000-8000-000000000001';
      expect(await admin.countByOwner([ownerId, nobody])).toEqual(new Map([[ownerId, 1]]));
      expect(await admin.countByOwner([])).toEqual(new Map());
      expect(await admin.poolStatus()).toEqual({
        total: 1,
        byStatus: { active: 1, invalid: 0, disabled: 0, suspended: 0, quota_exhausted: 0 },
        coolingDown: 0,
        inFlight: 0,
        // The one public credential times MAX_IN_FLIGHT_PER_CREDENTIAL (16 by default).
        publicCapacity: 16,
      });
      await expect(
        admin.register({
          refreshToken,
          authKind: 'social',
          ownerUserId: ownerId,
          visibility: 'public',
          anonymous: false,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await admin.delete(summary.id);
      expect((await admin.list({})).total).toBe(0);
    } finally {
      admin.close();
    }
  });

  it('takes a server credential out of rotation when it is removed from the configuration, and back', async () => {
    const first = token();
    const second = token();
    const started: InProcessBroker[] = [];
    const start = async (tokens: string[]) => {
      const replica = await inProcessBroker(
        services,
        sim,
        tokens.map((each, i) => serverRecord(each, `s${i}`)),
      );
      started.push(replica);
      return replica;
    };
    try {
      const withFirst = await start([first]);
      const firstId = (await withFirst.core.store.list()).find((record) => record.refreshToken === first)!.id;
      const withSecond = await start([second]);
      const stored = await withSecond.core.store.get(firstId);
      expect(stored?.status).toBe('disabled');
      expect(stored?.statusReason).toMatch(/no longer configured/);
      // Configured again, it is back in rotation (still one row per configured token).
      const again = await start([first, second]);
      expect((await again.core.store.get(firstId))?.status).toBe('active');
      expect((await again.core.store.list()).filter((record) => record.source === 'server')).toHaveLength(2);
    } finally {
      await Promise.all(started.map((replica) => replica.close()));
    }
  });
});
