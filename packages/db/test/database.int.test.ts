import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '@kirogate/contracts';
import { describeWithServices, getTestPostgres, type TestPostgres } from '@kirogate/testing';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migrateFolder } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/create-database.ts';
import { decryptSecret } from '../src/crypto/decrypt-secret.ts';
import { encryptSecret } from '../src/crypto/encrypt-secret.ts';
import { EncryptionKey } from '../src/crypto/encryption-key.ts';
import { createKeyring } from '../src/crypto/keyring.ts';
import { readJournal } from '../src/migration-journal.ts';
import { migrationsFolder } from '../src/migrations-folder.ts';
import { credentialUsageOf, keyUsageOf } from '../src/read-models/usage-counters.ts';
import { apiKeys, credentials, usageEvents, usageHourly, users } from '../src/schema/index.ts';

const key = new EncryptionKey(randomBytes(32));
const keyring = createKeyring(key);

/** The same checks for each backend: the point is that stores cannot tell them apart. */
function behavesLikePostgres(open: () => Promise<Database>) {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  it('applies every migration once, then reports nothing to do', async () => {
    const journal = await readJournal(migrationsFolder);
    expect((await database.migrate()).applied).toEqual(journal.map((entry) => entry.tag));
    expect((await database.migrate()).applied).toEqual([]);
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('stores a user, a hashed key and an encrypted credential, and reads them back', async () => {
    const { db } = database;
    const [user] = await db
      .insert(users)
      .values({ username: `u-${randomUUID()}` })
      .returning();
    if (user === undefined) throw new Error('no user returned');
    const plaintextKey = `sk-${randomBytes(24).toString('hex')}`;
    await db
      .insert(apiKeys)
      .values({ userId: user.id, keyHash: hashSecret(plaintextKey), keyPrefix: plaintextKey.slice(0, 10) });

    const credentialId = randomUUID();
    const token = `aor${randomBytes(120).toString('base64')}`;
    const aad = `credentials:${credentialId}:refresh_token`;
    await db.insert(credentials).values({
      id: credentialId,
      ownerUserId: user.id,
      source: 'donated',
      authKind: 'social',
      refreshTokenEnc: encryptSecret(token, { key, aad }),
      keyId: key.id,
      tokenHash: hashSecret(token),
      creditsUsed: 1.25,
    });

    const [found] = await db
      .select({ userId: apiKeys.userId, username: users.username })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.keyHash, hashSecret(plaintextKey)), eq(apiKeys.isActive, true)));
    expect(found).toEqual({ userId: user.id, username: user.username });

    const [stored] = await db.select().from(credentials).where(eq(credentials.id, credentialId));
    expect(stored?.refreshTokenEnc).not.toContain(token.slice(3, 30));
    expect(decryptSecret(stored?.refreshTokenEnc ?? '', { keyring, aad })).toBe(token);
    expect(stored).toMatchObject({ status: 'active', visibility: 'private', version: 0, creditsUsed: 1.25 });
  });

  it('bumps the version for optimistic concurrency and rejects a stale writer', async () => {
    const { db } = database;
    const [credential] = await db
      .insert(credentials)
      .values({
        source: 'server',
        authKind: 'idc',
        refreshTokenEnc: 'kg1.x.y',
        clientIdEnc: 'kg1.x.y',
        clientSecretEnc: 'kg1.x.y',
        keyId: key.id,
        tokenHash: hashSecret(randomUUID()),
      })
      .returning();
    if (credential === undefined) throw new Error('no credential returned');
    const update = (status: 'cooldown' | 'invalid') =>
      db
        .update(credentials)
        .set({ status, version: sql`${credentials.version} + 1`, updatedAt: new Date() })
        .where(and(eq(credentials.id, credential.id), eq(credentials.version, credential.version)))
        .returning({ version: credentials.version });
    expect(await update('cooldown')).toEqual([{ version: 1 }]);
    expect(await update('invalid')).toEqual([]);
  });

  it('enforces the credential invariants in the database', async () => {
    const base = { authKind: 'social' as const, refreshTokenEnc: 'kg1.x.y', keyId: key.id };
    const [user] = await database.db.insert(users).values({ username: 'owner' }).returning();
    await expect(
      database.db
        .insert(credentials)
        .values({ ...base, source: 'server', ownerUserId: user?.id, tokenHash: hashSecret(randomUUID()) }),
    ).rejects.toThrow();
    await expect(
      database.db
        .insert(credentials)
        .values({ ...base, source: 'donated', tokenHash: hashSecret(randomUUID()) }),
    ).rejects.toThrow();
    await expect(
      database.db
        .insert(credentials)
        .values({ ...base, authKind: 'idc', source: 'server', tokenHash: hashSecret(randomUUID()) }),
    ).rejects.toThrow();
  });

  it('ignores a redelivered usage event and merges roll-up rows whose dimensions are null', async () => {
    const { db } = database;
    const event = {
      requestId: randomUUID(),
      at: new Date('2026-01-02T03:04:05Z'),
      caller: 'server',
      model: 'claude-sonnet-4.5',
      api: 'anthropic' as const,
      stream: true,
      status: 'success' as const,
      httpStatus: 200,
      inputTokens: 1200,
      outputTokens: 300,
      credits: 0.0123,
      ttftMs: 850,
      durationMs: 4200,
      ip: '203.0.113.7',
    };
    for (let delivery = 0; delivery < 2; delivery += 1) {
      await db.insert(usageEvents).values(event).onConflictDoNothing({ target: usageEvents.requestId });
    }
    expect(
      await db.select().from(usageEvents).where(eq(usageEvents.requestId, event.requestId)),
    ).toHaveLength(1);

    const bucket = new Date('2026-01-02T03:00:00Z');
    const row = { bucket, model: event.model, api: event.api, requests: 1, inputTokens: 1200 };
    const key = [
      usageHourly.bucket,
      usageHourly.model,
      usageHourly.api,
      usageHourly.userId,
      usageHourly.keyId,
      usageHourly.credentialId,
    ];
    for (let batch = 0; batch < 3; batch += 1) {
      await db
        .insert(usageHourly)
        .values(row)
        .onConflictDoUpdate({
          target: key,
          set: {
            requests: sql`${usageHourly.requests} + excluded.requests`,
            inputTokens: sql`${usageHourly.inputTokens} + excluded.input_tokens`,
          },
        });
    }
    const rollups = await db.select().from(usageHourly).where(eq(usageHourly.bucket, bucket));
    expect(rollups).toHaveLength(1);
    expect(rollups[0]).toMatchObject({ requests: 3, inputTokens: 3600, userId: null });
  });
}

describe('Embedded Postgres database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kg-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  describe('behaviour', () => behavesLikePostgres(() => createDatabase({ dataDir })));

  it('keeps its data in DATA_DIR across restarts', async () => {
    const first = await createDatabase({ dataDir });
    await first.migrate();
    const username = `persisted-${randomUUID()}`;
    await first.db.insert(users).values({ username });
    await first.close();
    const second = await createDatabase({ dataDir });
    try {
      expect(await second.db.select().from(users).where(eq(users.username, username))).toHaveLength(1);
      expect((await second.migrate()).applied).toEqual([]);
    } finally {
      await second.close();
    }
  });
});

describeWithServices('Postgres database', { postgres: true }, () => {
  let server: TestPostgres;
  const opened: Database[] = [];
  const open = async () => {
    const database = await createDatabase({ databaseUrl: server.url, dataDir: '/nonexistent' });
    opened.push(database);
    return database;
  };
  beforeAll(async () => {
    const postgres = await getTestPostgres();
    if (postgres === undefined) throw new Error('Postgres is not reachable');
    server = postgres;
  });
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close().catch(() => undefined)));
    await server.cleanup();
  });

  describe('behaviour', () => behavesLikePostgres(open));

  it('lets replicas migrate at the same time without applying anything twice', async () => {
    const fresh = await getTestPostgres();
    if (fresh === undefined) throw new Error('Postgres is not reachable');
    const replicas = await Promise.all(
      [1, 2, 3].map(() => createDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent', poolMax: 2 })),
    );
    try {
      const reports = await Promise.all(replicas.map((replica) => replica.migrate()));
      const journal = await readJournal(migrationsFolder);
      expect(reports.flatMap((report) => report.applied).sort()).toEqual(
        journal.map((entry) => entry.tag).sort(),
      );
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await fresh.cleanup();
    }
  });

  it('moves the usage counters into the worker-owned tables when migrating to them', async () => {
    const fresh = await getTestPostgres();
    if (fresh === undefined) throw new Error('Postgres is not reachable');
    const database = await createDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
    const before = await mkdtemp(join(tmpdir(), 'kg-migrations-'));
    try {
      // The migrations up to the one that adds api_key_usage and credential_usage.
      await cp(migrationsFolder, before, { recursive: true });
      const journalFile = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
      const moved = journal.entries.findIndex((entry) =>
        entry.tag.endsWith('_usage_counters_owned_by_worker'),
      );
      expect(moved).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, moved);
      await writeFile(journalFile, JSON.stringify(journal));
      const earlier = drizzle(fresh.url);
      await migrateFolder(earlier, { migrationsFolder: before });
      await earlier.$client.end();

      const { db } = database;
      const [user] = await db.insert(users).values({ username: 'counted' }).returning();
      const [used, unused] = await db
        .insert(apiKeys)
        .values(
          ['a', 'b'].map((letter, index) => ({
            userId: user!.id,
            keyHash: letter.repeat(64),
            keyPrefix: `sk-${letter}`,
            requestCount: index === 0 ? 7 : 0,
            lastUsedAt: index === 0 ? new Date('2026-12-01T00:00:00Z') : null,
          })),
        )
        .returning();
      const [credential] = await db
        .insert(credentials)
        .values({
          source: 'server',
          authKind: 'social',
          refreshTokenEnc: 'kg1.test.envelope',
          keyId: 'test',
          tokenHash: 'c'.repeat(64),
          successCount: 5,
          failCount: 2,
          creditsUsed: 1.25,
          lastUsedAt: new Date('2026-12-02T00:00:00Z'),
        })
        .returning();

      expect((await database.migrate()).applied[0]).toMatch(/_usage_counters_owned_by_worker$/);
      const keys = await keyUsageOf(db, [used!.id, unused!.id]);
      expect(keys.get(used!.id)).toEqual({ requestCount: 7, lastUsedAt: new Date('2026-12-01T00:00:00Z') });
      expect(keys.has(unused!.id)).toBe(false);
      expect((await credentialUsageOf(db, [credential!.id])).get(credential!.id)).toEqual({
        successCount: 5,
        failCount: 2,
        creditsUsed: 1.25,
        lastUsedAt: new Date('2026-12-02T00:00:00Z'),
      });
    } finally {
      await rm(before, { recursive: true, force: true });
      await database.close();
      await fresh.cleanup();
    }
  });
});
