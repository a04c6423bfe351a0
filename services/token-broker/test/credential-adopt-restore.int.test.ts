import { randomBytes } from 'node:crypto';
import {
  type AdoptCredentialInput,
  type Caller,
  type CredentialAdmin,
  hashSecret,
  noLimits,
  type SealedCredentialRow,
} from '@kirogate/contracts';
import { createDatabase, credentials, type Database, users } from '@kirogate/db';
import { GrpcCredentialAdmin, type RunningGrpcServer, startGrpcServer } from '@kirogate/grpc';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tokenBrokerGrpcService } from '../src/token-broker-grpc-service.ts';
import { type InProcessBroker, inProcessBroker } from './support/in-process-broker.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const token = () => `aor${randomBytes(120).toString('base64url')}`;

/**
 * `adopt` (moved-over plaintext tokens, sealed by the broker without a refresh) and `restore` (backed-up
 * rows already sealed), in-process and over gRPC: idempotent, counted, and in the pool at once.
 */
describeWithServices('credential admin: adopt and restore', { postgres: true, redis: true }, () => {
  let sim: KiroSim;
  let services: SharedServices;
  let broker: InProcessBroker;
  let server: RunningGrpcServer;
  let grpcAdmin: GrpcCredentialAdmin;
  let database: Database;
  let ownerId: string;

  beforeEach(async () => {
    sim = await startKiroSim({ rotation: 'off' });
    services = await sharedServices();
    broker = await inProcessBroker(services, sim, []);
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [tokenBrokerGrpcService(broker.core)],
    });
    server.setServing(true);
    grpcAdmin = new GrpcCredentialAdmin({ target: `127.0.0.1:${server.port}`, deadlineMs: 10_000 });
    database = await createDatabase({ databaseUrl: services.postgres.url, dataDir: '/nonexistent' });
    const [owner] = await database.db.insert(users).values({ username: 'mover' }).returning();
    ownerId = owner!.id;
  });

  afterEach(async () => {
    grpcAdmin?.close();
    await server?.shutdown(100);
    await broker?.close();
    await database?.close();
    await sim?.close();
    await services?.cleanup();
  });

  const caller = (): Caller => ({
    kind: 'user',
    userId: ownerId,
    keyId: 'k',
    status: 'active',
    limits: { user: noLimits, key: noLimits },
  });
  const lease = () => broker.core.broker.lease({ caller: caller(), model: 'claude-sonnet-4.5' });

  const adopted = (
    refreshToken: string,
    extra: Partial<AdoptCredentialInput> = {},
  ): AdoptCredentialInput => ({
    refreshToken,
    authKind: 'social',
    ownerUserId: ownerId,
    visibility: 'private',
    anonymous: true,
    status: 'active',
    statusReason: null,
    successCount: 12,
    failCount: 3,
    lastUsedAt: new Date('2026-11-30T10:00:00Z'),
    lastCheckAt: new Date('2026-11-30T11:00:00Z'),
    createdAt: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  });

  async function rowsOf(ids: readonly string[]): Promise<SealedCredentialRow[]> {
    const rows = await database.db
      .select()
      .from(credentials)
      .where(inArray(credentials.id, [...ids]));
    return rows.map(({ version: _, ...row }) => row);
  }

  const admins: [string, () => CredentialAdmin][] = [
    ['in-process', () => broker.core.admin!],
    ['over gRPC', () => grpcAdmin],
  ];

  for (const [how, adminOf] of admins) {
    it(`adopt (${how}): seals without a refresh, keeps the history, skips what is here, serves at once`, async () => {
      const admin = adminOf();
      // The broker holds its (empty) pool now; without a reload it would keep it for up to 30 s.
      await expect(lease()).rejects.toMatchObject({ code: 'NO_CREDENTIAL_AVAILABLE' });

      const social = token();
      const idc = token();
      const items = [
        adopted(social),
        adopted(idc, {
          authKind: 'idc',
          clientId: 'idc-client-id-0123',
          clientSecret: 'idc-client-secret-4567',
          region: 'eu-central-1',
          status: 'invalid',
          statusReason: 'refresh token revoked (seed)',
          visibility: 'public',
          anonymous: false,
        }),
      ];
      expect(await admin.adopt(items, { dryRun: true })).toEqual({ inserted: 2, skipped: 0 });
      expect(await database.db.select().from(credentials)).toEqual([]);

      expect(await admin.adopt(items)).toEqual({ inserted: 2, skipped: 0 });
      // The import must not call Kiro per token.
      expect(sim.stats().refreshesByToken[social]).toBeUndefined();
      expect(sim.stats().refreshesByToken[idc]).toBeUndefined();

      const rows = await database.db.select().from(credentials);
      const bySocial = rows.find((row) => row.tokenHash === hashSecret(social))!;
      const byIdc = rows.find((row) => row.tokenHash === hashSecret(idc))!;
      expect(bySocial).toMatchObject({
        ownerUserId: ownerId,
        source: 'donated',
        authKind: 'social',
        visibility: 'private',
        anonymous: true,
        status: 'active',
        successCount: 12,
        failCount: 3,
        lastUsedAt: new Date('2026-11-30T10:00:00Z'),
        lastCheckAt: new Date('2026-11-30T11:00:00Z'),
        createdAt: new Date('2026-01-02T03:04:05Z'),
      });
      expect(bySocial.refreshTokenEnc).not.toContain(social.slice(3, 40));
      expect(bySocial.refreshTokenEnc.split('.')[1]).toBe(bySocial.keyId);
      expect(byIdc).toMatchObject({
        authKind: 'idc',
        region: 'eu-central-1',
        status: 'invalid',
        statusReason: 'refresh token revoked (seed)',
        visibility: 'public',
      });
      const opened = await broker.core.drizzleStore!.get(byIdc.id);
      expect(opened).toMatchObject({
        refreshToken: idc,
        clientId: 'idc-client-id-0123',
        clientSecret: 'idc-client-secret-4567',
      });

      // In the pool at once: the owner's lease lands on the adopted token, refreshed with its plaintext.
      const leased = await lease();
      expect(leased.credentialId).toBe(bySocial.id);
      expect(sim.stats().refreshesByToken[social]).toBe(1);

      expect(await admin.adopt(items)).toEqual({ inserted: 0, skipped: 2 });
      expect(await admin.adopt(items, { dryRun: true })).toEqual({ inserted: 0, skipped: 2 });
      const third = token();
      expect(await admin.adopt([adopted(third), adopted(third), items[0]!])).toEqual({
        inserted: 1,
        skipped: 2,
      });
      expect(await database.db.select().from(credentials)).toHaveLength(3);
    });

    it(`restore (${how}): takes sealed rows as they are, skips what is here, refuses rows it cannot open`, async () => {
      const admin = adminOf();
      const first = token();
      const second = token();
      await admin.adopt([adopted(first), adopted(second, { visibility: 'public' })]);
      const all = await database.db.select({ id: credentials.id }).from(credentials);
      const backup = await rowsOf(all.map((row) => row.id));
      await database.db.delete(credentials);
      await expect(lease()).rejects.toMatchObject({ code: 'NO_CREDENTIAL_AVAILABLE' });

      expect(await admin.restore(backup, { dryRun: true })).toEqual({ inserted: 2, skipped: 0 });
      expect(await rowsOf(backup.map((row) => row.id))).toEqual([]);
      expect(await admin.restore(backup)).toEqual({ inserted: 2, skipped: 0 });
      const byId = (a: SealedCredentialRow, b: SealedCredentialRow) => a.id.localeCompare(b.id);
      expect((await rowsOf(backup.map((row) => row.id))).sort(byId)).toEqual([...backup].sort(byId));
      // Served at once, with the token sealed under the restored row's id.
      const leased = await lease();
      expect(backup.map((row) => row.id)).toContain(leased.credentialId);
      expect(await admin.restore(backup)).toEqual({ inserted: 0, skipped: 2 });
      expect(await admin.restore(backup, { dryRun: true })).toEqual({ inserted: 0, skipped: 2 });

      // A row whose secrets do not open here (sealed for another row id): refused, naming it; nothing
      // written, not even the good row before it.
      await database.db.delete(credentials).where(eq(credentials.id, backup[0]!.id));
      const moved = {
        ...backup[1]!,
        id: '00000000-0000-4000-8000-0000000000aa',
        tokenHash: hashSecret(token()),
      };
      await expect(admin.restore([backup[0]!, moved])).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringContaining('credentials.1'),
      });
      await expect(admin.restore([backup[0]!, moved], { dryRun: true })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
      expect(await rowsOf([backup[0]!.id, moved.id])).toEqual([]);
    });
  }

  it('adopt refuses an IdC token without its client and an owner-less one, naming the item', async () => {
    for (const admin of [broker.core.admin!, grpcAdmin]) {
      await expect(
        admin.adopt([adopted(token()), adopted(token(), { authKind: 'idc' })]),
      ).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('clientId') });
      await expect(admin.adopt([adopted(token(), { ownerUserId: '' })])).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    }
    expect(await database.db.select().from(credentials)).toEqual([]);
  });
});
