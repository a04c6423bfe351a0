import { randomBytes } from 'node:crypto';
import {
  createDatabase,
  createKeyring,
  credentialSecretAad,
  credentials,
  type Database,
  decryptSecret,
  deriveEncryptionKey,
  encryptSecret,
} from '@kirogate/db';
import { createPlatform } from '@kirogate/platform';
import { describeWithServices, getTestPostgres, type TestPostgres } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../src/start-worker.ts';
import { waitFor } from './support/usage-fixture.ts';
import { quietObservability, workerSettings } from './support/worker-harness.ts';

describeWithServices('re-encryption after a key rotation', { postgres: true }, () => {
  let postgres: TestPostgres;
  let database: Database;
  beforeAll(async () => {
    postgres = (await getTestPostgres())!;
    database = await createDatabase({ databaseUrl: postgres.url, dataDir: '' });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await postgres?.cleanup();
  });

  it('runs as a worker job at start and leaves every secret on the current key', async () => {
    const retired = deriveEncryptionKey(randomBytes(32).toString('hex'));
    const current = deriveEncryptionKey(randomBytes(32).toString('hex'));
    const id = '0b3a6f4e-0000-4000-8000-000000000001';
    const refreshToken = `aor${randomBytes(60).toString('base64url')}`;
    const seal = (value: string, column: 'refresh_token' | 'client_id' | 'client_secret') =>
      encryptSecret(value, { key: retired, aad: credentialSecretAad(id, column) });
    await database.db.insert(credentials).values({
      id,
      source: 'server',
      authKind: 'idc',
      refreshTokenEnc: seal(refreshToken, 'refresh_token'),
      clientIdEnc: seal('client-id', 'client_id'),
      clientSecretEnc: seal('client-secret', 'client_secret'),
      keyId: retired.id,
      tokenHash: randomBytes(32).toString('hex'),
    });

    const platform = createPlatform({ keyPrefix: 'kg-rotation' });
    const worker = await startWorker({
      platform,
      db: database.db,
      keyring: createKeyring(current, [retired]),
      ...quietObservability(),
      config: workerSettings(),
    });
    try {
      const [row] = await waitFor(
        () => database.db.select().from(credentials),
        (rows) => rows[0]?.keyId === current.id,
      );
      const onlyCurrent = createKeyring(current);
      const open = (
        envelope: string | null | undefined,
        column: 'refresh_token' | 'client_id' | 'client_secret',
      ) => decryptSecret(envelope ?? '', { keyring: onlyCurrent, aad: credentialSecretAad(id, column) });
      expect(open(row?.refreshTokenEnc, 'refresh_token')).toBe(refreshToken);
      expect(open(row?.clientIdEnc, 'client_id')).toBe('client-id');
      expect(open(row?.clientSecretEnc, 'client_secret')).toBe('client-secret');
    } finally {
      await worker.stop();
      await platform.close();
    }
  });
});
