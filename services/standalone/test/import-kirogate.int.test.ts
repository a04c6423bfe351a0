import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kirogate/config';
import { hashSecret, noLimits } from '@kirogate/contracts';
import {
  announcementStatus,
  announcements,
  apiKeys,
  createDatabase,
  createKeyring,
  credentialSecretAad,
  credentials,
  type Database,
  decryptSecret,
  deriveEncryptionKey,
  ipBlacklist,
  oauthAccounts,
  settings,
  users,
} from '@kirogate/db';
import { GrpcApiKeyVerifier, type RunningGrpcServer, startGrpcServer } from '@kirogate/grpc';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import {
  describeWithServices,
  getTestPostgres,
  startOnFreePorts,
  type TestPostgres,
} from '@kirogate/testing';
import { ApiKeyStore } from '@kirogate/user-service';
import { userGrpcService } from '@kirogate/user-service/grpc';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KirogateSeed, writeKirogateSeed } from '../../user-service/test/support/kirogate-seed.ts';
import { standaloneConfigSchema } from '../src/config.ts';
import { type Standalone, startStandalone } from '../src/start-standalone.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const legacyEncryptKey = 'the-seed-ran-with-this-key';
const ourKey = randomBytes(32).toString('hex');
const kiroToken = (label: string) => `aor${label}-`.padEnd(120, 'x');

/** `npm run import-kirogate` as an operator runs it: its own process, configured by the environment. */
async function runImport(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', 'services/standalone/src/import-kirogate-main.ts', ...args],
    { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describeWithServices('npm run import-kirogate', { postgres: true }, () => {
  let dir: string;
  let seed: KirogateSeed;
  let postgres: TestPostgres;
  let database: Database;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kg-import-'));
    seed = writeKirogateSeed(dir, legacyEncryptKey, kiroToken);
    postgres = (await getTestPostgres())!;
    database = await createDatabase({ databaseUrl: postgres.url, dataDir: dir });
    env = {
      DATABASE_URL: postgres.url,
      DATA_DIR: join(dir, 'data'),
      TOKEN_ENCRYPT_KEY: ourKey,
      LEGACY_TOKEN_ENCRYPT_KEY: legacyEncryptKey,
    };
  });
  afterAll(async () => {
    await database?.close();
    await postgres?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every table the import writes, as comparable rows. */
  async function snapshot() {
    const db = database.db;
    return {
      users: await db.select().from(users).orderBy(asc(users.username)),
      identities: await db.select().from(oauthAccounts).orderBy(asc(oauthAccounts.providerUserId)),
      keys: await db.select().from(apiKeys).orderBy(asc(apiKeys.keyHash)),
      credentials: await db.select().from(credentials).orderBy(asc(credentials.tokenHash)),
      announcements: await db.select().from(announcements),
      marks: await db.select().from(announcementStatus),
      blacklist: await db
        .select({ ip: sql<string>`host(${ipBlacklist.ip})`, reason: ipBlacklist.reason })
        .from(ipBlacklist),
      settings: await db
        .select({ key: settings.key, value: settings.value })
        .from(settings)
        .orderBy(asc(settings.key)),
    };
  }

  it('a dry run reports what it would do and writes no data', async () => {
    const run = await runImport(['--dry-run', seed.usersDb, seed.metricsDb], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('DRY RUN, nothing was written');
    expect(run.stdout).toMatch(/users\s+3 found\s+3 would add\s+0 already here/);
    expect(run.stdout).toMatch(/donated tokens\s+3 found\s+3 would add/);
    expect(run.stdout).toContain('users: 1 row: no LinuxDo or GitHub id');
    expect(run.stdout).toContain('api_keys: 1 row: key_hash is not a SHA-256 hex digest');
    expect(run.stdout).toContain('users.db.token_health: 2 rows');
    expect(run.stdout).toContain('site_config.theme: 1 row: no such setting here');
    const after = await snapshot();
    expect(Object.values(after).every((rows) => rows.length === 0)).toBe(true);
  });

  it('a wrong LEGACY_TOKEN_ENCRYPT_KEY names the row, never the token, and writes nothing', async () => {
    const run = await runImport([seed.usersDb, seed.metricsDb], {
      ...env,
      LEGACY_TOKEN_ENCRYPT_KEY: 'not the key',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'tokens row 1: refresh_token_encrypted does not open with LEGACY_TOKEN_ENCRYPT_KEY',
    );
    for (const secret of [...Object.values(seed.tokens), legacyEncryptKey, ourKey]) {
      expect(run.stderr + run.stdout).not.toContain(secret);
    }
    expect((await snapshot()).users).toHaveLength(0);
  });

  it('imports users, identities, keys, re-sealed tokens, announcements, bans and settings; a second run changes nothing', async () => {
    const first = await runImport([seed.usersDb, seed.metricsDb], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/API keys \(sk-\)\s+3 found\s+3 added/);
    const imported = await snapshot();

    expect(imported.users.map((user) => [user.username, user.status, user.isAdmin, user.trustLevel])).toEqual(
      [
        ['alice', 'active', false, 3],
        ['bob', 'banned', false, 0],
        ['carol', 'active', true, 2],
      ],
    );
    const alice = imported.users[0]!;
    expect(alice.createdAt.getTime()).toBe(Date.parse('2026-06-01T12:00:00Z') - 9e8);
    expect(imported.identities.map((row) => `${row.provider}:${row.providerUserId}`)).toEqual([
      'linuxdo:1001',
      'linuxdo:1003',
      'github:2002',
      'github:2003',
    ]);
    expect(imported.keys.map((row) => row.keyHash).sort()).toEqual(
      [seed.keys.alice, seed.keys.aliceDisabled, seed.keys.bob, seed.carolImportKey].map(hashSecret).sort(),
    );
    const carolImport = imported.keys.find((row) => row.keyHash === hashSecret(seed.carolImportKey))!;
    expect(carolImport.kind).toBe('import');
    expect(imported.keys.find((row) => row.keyHash === hashSecret(seed.keys.aliceDisabled))!.isActive).toBe(
      false,
    );

    // Sealed with our key and bound to their rows: the plaintext is the seed's token, nothing else holds it.
    const keyring = createKeyring(deriveEncryptionKey(ourKey));
    const open = (
      row: (typeof imported.credentials)[number],
      column: 'refresh_token' | 'client_id' | 'client_secret',
    ) =>
      decryptSecret(
        column === 'refresh_token'
          ? row.refreshTokenEnc
          : column === 'client_id'
            ? row.clientIdEnc!
            : row.clientSecretEnc!,
        { keyring, aad: credentialSecretAad(row.id, column) },
      );
    const byToken = new Map(imported.credentials.map((row) => [open(row, 'refresh_token'), row]));
    expect([...byToken.keys()].sort()).toEqual(Object.values(seed.tokens).sort());
    const aliceToken = byToken.get(seed.tokens.alice)!;
    expect([aliceToken.visibility, aliceToken.anonymous, aliceToken.status, aliceToken.ownerUserId]).toEqual([
      'public',
      true,
      'active',
      alice.id,
    ]);
    expect(aliceToken.successCount).toBe(120);
    const carolToken = byToken.get(seed.tokens.carol)!;
    expect([carolToken.authKind, open(carolToken, 'client_id'), open(carolToken, 'client_secret')]).toEqual([
      'idc',
      seed.carolClient.id,
      seed.carolClient.secret,
    ]);
    expect(byToken.get(seed.tokens.bob)!.status).toBe('quota_exhausted');
    expect(JSON.stringify(imported.credentials)).not.toContain(seed.tokens.alice);

    expect(imported.announcements.map((row) => [row.content, row.isActive, row.allowGuest])).toEqual([
      ['<b>Welcome</b> to the gateway', true, true],
    ]);
    expect(imported.marks.map((row) => [row.readAt !== null, row.dismissedAt !== null]).sort()).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(imported.blacklist.map((row) => row.ip).sort()).toEqual(['2001:db8::1', '203.0.113.7']);
    expect(imported.settings).toEqual([
      { key: 'proxy_api_key', value: { sha256: hashSecret(seed.proxyKey), prefix: 'old-pro...6789' } },
      { key: 'self_use_enabled', value: false },
      { key: 'site_enabled', value: true },
    ]);

    const second = await runImport([seed.usersDb, seed.metricsDb], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Nothing to change: everything the seed holds is already here.');
    expect(second.stdout).toMatch(/donated tokens\s+3 found\s+0 added\s+3 already here/);
    expect(await snapshot()).toEqual(imported);
  });

  it('an imported old sk- key drives a chat through the gateway and verifies over gRPC', async () => {
    const sim: KiroSim = await startKiroSim({ port: 0, rotation: 'off' });
    let gateway: Standalone | undefined;
    let grpc: RunningGrpcServer | undefined;
    let verifier: GrpcApiKeyVerifier | undefined;
    try {
      const config = loadConfig(standaloneConfigSchema, {
        ...env,
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      });
      await startOnFreePorts(1, async ([port]) => {
        gateway = await startStandalone({ ...config, PORT: port!, METRICS_PORT: 0 }, 'test');
      });
      const chat = (key: string) =>
        fetch(`${gateway!.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({
            model: 'claude-sonnet-4-6',
            max_tokens: 32,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
      const served = await chat(seed.keys.alice);
      const body = await served.text();
      expect(served.status, body).toBe(200);
      expect(JSON.parse(body).type).toBe('message');
      // alice is served by her own token first: the imported one, opened with our key.
      expect(sim.stats().chatsByRefreshToken[seed.tokens.alice]).toBe(1);
      expect((await chat(seed.keys.aliceDisabled)).status).toBe(401);
      expect((await chat(seed.keys.bob)).status).toBe(403);

      grpc = await startGrpcServer({
        host: '127.0.0.1',
        port: 0,
        services: [userGrpcService(new ApiKeyStore(database.db, noLimits))],
      });
      grpc.setServing(true);
      verifier = new GrpcApiKeyVerifier(`127.0.0.1:${grpc.port}`, { deadlineMs: 5_000 });
      const verified = await verifier.verify(hashSecret(seed.keys.alice));
      const [alice] = await database.db.select().from(users).where(sql`${users.username} = 'alice'`);
      expect(verified).toMatchObject({ kind: 'user', userId: alice!.id, status: 'active' });
      expect(await verifier.verify(hashSecret(seed.keys.aliceDisabled))).toBeNull();
    } finally {
      verifier?.close();
      await grpc?.shutdown(1_000);
      await gateway?.stop();
      await sim.close();
    }
  });
});
