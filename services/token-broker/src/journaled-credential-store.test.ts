import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyring, EncryptionKey } from '@kirogate/db';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialRecord, RefreshedTokens } from './credential-record.ts';
import type { CredentialStore } from './credential-store.ts';
import { JournaledCredentialStore } from './journaled-credential-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-journal-'));
  dirs.push(dir);
  return dir;
}

/** A store whose first `failures` writes throw. */
function flakyStore(failures: number) {
  const record: CredentialRecord = {
    id: 'c1',
    source: 'server',
    authKind: 'social',
    refreshToken: 'aorOLD',
    region: 'us-east-1',
    visibility: 'private',
    status: 'active',
  };
  let left = failures;
  const writes: string[] = [];
  const store: CredentialStore = {
    list: async () => [{ ...record }],
    get: async () => ({ ...record }),
    saveRefreshed: async (_id, tokens) => {
      if (left > 0) {
        left -= 1;
        throw new Error('database is away');
      }
      writes.push(tokens.refreshToken);
      record.refreshToken = tokens.refreshToken;
    },
    setStatus: async () => undefined,
  };
  return { store, writes };
}

const keyring = createKeyring(new EncryptionKey(randomBytes(32)));
const rotated: RefreshedTokens = { refreshToken: 'aorNEW', accessToken: 'aoa', expiresAt: new Date() };

describe('JournaledCredentialStore', () => {
  it('retries the database write and clears the journal once it went through', async () => {
    const dir = journalDir();
    const { store, writes } = flakyStore(2);
    const journaled = new JournaledCredentialStore(store, { dir, keyring, retryDelayMs: 1 });
    await journaled.saveRefreshed('c1', rotated);
    expect(writes).toEqual(['aorNEW']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a token the database would not take, serves it to readers and saves it on replay', async () => {
    const dir = journalDir();
    const errors: unknown[] = [];
    const down = flakyStore(100);
    const journaled = new JournaledCredentialStore(down.store, {
      dir,
      keyring,
      retryDelayMs: 1,
      attempts: 3,
      onError: (error) => errors.push(error),
    });
    await journaled.saveRefreshed('c1', rotated);
    expect(errors).toHaveLength(1);
    expect((await journaled.get('c1'))?.refreshToken).toBe('aorNEW');
    expect((await journaled.list())[0]?.refreshToken).toBe('aorNEW');

    // A new process over the same journal, with the database back.
    const up = flakyStore(0);
    const next = new JournaledCredentialStore(up.store, { dir, keyring, retryDelayMs: 1 });
    expect(next.pending).toBe(1);
    expect(await next.replay()).toBe(1);
    expect(up.writes).toEqual(['aorNEW']);
    expect(next.pending).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('trusts no journal file sealed with another key', async () => {
    const dir = journalDir();
    const journaled = new JournaledCredentialStore(flakyStore(100).store, {
      dir,
      keyring,
      retryDelayMs: 1,
      attempts: 1,
    });
    await journaled.saveRefreshed('c1', rotated);
    const stranger = new JournaledCredentialStore(flakyStore(0).store, {
      dir,
      keyring: createKeyring(new EncryptionKey(randomBytes(32))),
    });
    expect(stranger.pending).toBe(0);
    expect((await stranger.get('c1'))?.refreshToken).toBe('aorOLD');
  });
});
