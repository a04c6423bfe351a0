import { randomBytes } from 'node:crypto';
import { createDatabase, createKeyring, credentials, type Database, deriveEncryptionKey } from '@kirogate/db';
import { describeWithServices } from '@kirogate/testing';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DrizzleCredentialStore } from '../src/drizzle-credential-store.ts';
import { reencryptCredentials } from '../src/reencrypt-credentials.ts';
import { serverRecord } from './support/in-process-broker.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const token = (label: string) => `aor${label}-${randomBytes(40).toString('base64url')}`;
const key = () => deriveEncryptionKey(randomBytes(32).toString('hex'));

describeWithServices('credential secrets in Postgres', { postgres: true }, () => {
  let services: SharedServices;
  let database: Database;
  beforeEach(async () => {
    services = await sharedServices();
    database = await createDatabase({ databaseUrl: services.postgres.url, dataDir: '/nonexistent' });
  });
  afterEach(async () => {
    await database?.close();
    await services?.cleanup();
  });

  it('quarantines a row whose secret cannot be decrypted, alone, and reports it once', async () => {
    const lost = key();
    const current = key();
    const stranger = new DrizzleCredentialStore({ db: database.db, keyring: createKeyring(lost) });
    const lostId = await stranger.importServerCredential(
      serverRecord(token('lost'), 'lost'),
      token('lost-cfg'),
    );
    const reported: Array<{ id: string; reason: string }> = [];
    const store = new DrizzleCredentialStore({
      db: database.db,
      keyring: createKeyring(current),
      onQuarantine: (id, reason) => reported.push({ id, reason }),
    });
    const goodToken = token('good');
    const goodId = await store.importServerCredential(serverRecord(goodToken, 'good'), token('good-cfg'));

    const listed = await store.list();
    expect(listed.map((record) => record.id)).toEqual([goodId]);
    expect(listed[0]?.refreshToken).toBe(goodToken);
    expect(await store.get(lostId)).toBeUndefined();
    await store.list();
    expect(reported).toEqual([
      { id: lostId, reason: expect.stringMatching(/cannot be decrypted.*not configured/) },
    ]);
    const [row] = await database.db.select().from(credentials).where(eq(credentials.id, lostId));
    expect(row?.status).toBe('disabled');
    expect(row?.statusReason).toMatch(/cannot be decrypted/);
  });

  it('re-seals refresh tokens and IdC client secrets on a retired key with the current one', async () => {
    const retired = key();
    const current = key();
    const before = new DrizzleCredentialStore({ db: database.db, keyring: createKeyring(retired) });
    const idc = {
      ...serverRecord(token('idc'), 'idc'),
      authKind: 'idc' as const,
      clientId: 'cid-1',
      clientSecret: 'csecret-1',
    };
    const idcId = await before.importServerCredential(idc, token('idc-cfg'));
    const socialToken = token('social');
    const socialId = await before.importServerCredential(
      serverRecord(socialToken, 'social'),
      token('social-cfg'),
    );

    const rotated = createKeyring(current, [retired]);
    expect(await reencryptCredentials(database.db, rotated, 1)).toEqual({
      reencrypted: 1,
      unreadable: 0,
      skipped: 0,
    });
    expect(await reencryptCredentials(database.db, rotated)).toEqual({
      reencrypted: 1,
      unreadable: 0,
      skipped: 0,
    });
    expect(await reencryptCredentials(database.db, rotated)).toEqual({
      reencrypted: 0,
      unreadable: 0,
      skipped: 0,
    });

    const rows = await database.db.select().from(credentials);
    expect(rows.map((row) => row.keyId)).toEqual([current.id, current.id]);
    // The retired key can go: the current one alone opens everything.
    const after = new DrizzleCredentialStore({ db: database.db, keyring: createKeyring(current) });
    const records = new Map((await after.list()).map((record) => [record.id, record]));
    expect(records.get(socialId)?.refreshToken).toBe(socialToken);
    expect(records.get(idcId)).toMatchObject({
      refreshToken: idc.refreshToken,
      clientId: 'cid-1',
      clientSecret: 'csecret-1',
    });
  });

  it('re-seals on its own: the first listing after a rotation leaves every secret on the current key', async () => {
    const retired = key();
    const current = key();
    const before = new DrizzleCredentialStore({ db: database.db, keyring: createKeyring(retired) });
    const idc = {
      ...serverRecord(token('idc'), 'idc'),
      authKind: 'idc' as const,
      clientId: 'cid-2',
      clientSecret: 'csecret-2',
    };
    const idcId = await before.importServerCredential(idc, token('idc-cfg'));

    const errors: unknown[] = [];
    const rotated = new DrizzleCredentialStore({
      db: database.db,
      keyring: createKeyring(current, [retired]),
      onResealError: (error) => errors.push(error),
    });
    expect((await rotated.list()).map((record) => record.id)).toEqual([idcId]);
    await rotated.resealed();
    expect(errors).toEqual([]);

    const rows = await database.db.select().from(credentials);
    expect(rows.map((row) => row.keyId)).toEqual([current.id]);
    const after = new DrizzleCredentialStore({ db: database.db, keyring: createKeyring(current) });
    expect(await after.get(idcId)).toMatchObject({
      refreshToken: idc.refreshToken,
      clientId: 'cid-2',
      clientSecret: 'csecret-2',
    });
  });
});
