import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateStandaloneKey, standaloneKeyFile } from './load-or-create-standalone-key.ts';

describe('loadOrCreateStandaloneKey', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'kg-key-')), 'data');
  });
  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('creates an owner-only key once and returns the same key afterwards', async () => {
    const first = await loadOrCreateStandaloneKey(dataDir);
    const path = join(dataDir, standaloneKeyFile);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateStandaloneKey(dataDir);
    expect(again.id).toBe(first.id);
    expect(again.bytes().equals(first.bytes())).toBe(true);
  });

  it('gives separate data directories separate keys', async () => {
    const other = join(dataDir, 'other');
    expect((await loadOrCreateStandaloneKey(other)).id).not.toBe(
      (await loadOrCreateStandaloneKey(dataDir)).id,
    );
  });

  it('tightens loose permissions on an existing key file', async () => {
    await loadOrCreateStandaloneKey(dataDir);
    const path = join(dataDir, standaloneKeyFile);
    await chmod(path, 0o644);
    await loadOrCreateStandaloneKey(dataDir);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of deriving a different key from it', async () => {
    await loadOrCreateStandaloneKey(dataDir);
    await writeFile(join(dataDir, standaloneKeyFile), 'truncat');
    await expect(loadOrCreateStandaloneKey(dataDir)).rejects.toThrow(/does not hold a key/);
  });
});
