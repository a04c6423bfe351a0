import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBackCredentialsFile } from './write-back-credentials-file.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiro-writeback-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const update = (tag: string) => ({
  accessToken: `access-${tag}`,
  refreshToken: `refresh-${tag}`,
  expiresAt: new Date('2026-03-01T10:00:00.000Z'),
});

describe('writeBackCredentialsFile', () => {
  it('updates the token fields of a single-account file and keeps every other key', async () => {
    const path = join(dir, 'kiro-auth-token.json');
    const original = {
      accessToken: 'old',
      refreshToken: 'old-refresh',
      expiresAt: '2025-01-01T00:00:00.000Z',
      authMethod: 'social',
      provider: 'Google',
      profileArn: 'arn:old',
      region: 'us-east-1',
      custom: { nested: [1, 2] },
    };
    await writeFile(path, JSON.stringify(original));
    await writeBackCredentialsFile(path, 0, { ...update('1'), profileArn: 'arn:new' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      ...original,
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresAt: '2026-03-01T10:00:00.000Z',
      profileArn: 'arn:new',
    });
  });

  it('touches only the indexed entry of an array, keeps profileArn when none is given', async () => {
    const path = join(dir, 'accounts.json');
    const entries = [
      { auth: 'Social', refreshToken: 'a', disabled: false },
      { auth: 'IdC', refreshToken: 'b', clientId: 'c', clientSecret: 's', profileArn: 'arn:keep' },
    ];
    await writeFile(path, JSON.stringify(entries));
    await writeBackCredentialsFile(path, 1, update('2'));
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written[0]).toEqual(entries[0]);
    expect(written[1]).toEqual({
      ...entries[1],
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
      expiresAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('keeps both updates when two entries of one file are written back concurrently', async () => {
    const path = join(dir, 'accounts.json');
    await writeFile(
      path,
      JSON.stringify([{ refreshToken: 'a' }, { refreshToken: 'b' }, { refreshToken: 'c' }]),
    );
    await Promise.all([0, 1, 2].map((index) => writeBackCredentialsFile(path, index, update(String(index)))));
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written.map((entry: { refreshToken: string }) => entry.refreshToken)).toEqual([
      'refresh-0',
      'refresh-1',
      'refresh-2',
    ]);
  });

  it('replaces the file atomically: same permissions, no temporary file left behind', async () => {
    const path = join(dir, 'token.json');
    await writeFile(path, JSON.stringify({ refreshToken: 'a' }));
    await chmod(path, 0o600);
    await writeBackCredentialsFile(path, 0, update('3'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['token.json']);
  });

  it('refuses an index that is not an account and leaves the file unchanged', async () => {
    const path = join(dir, 'token.json');
    const content = JSON.stringify({ refreshToken: 'a' });
    await writeFile(path, content);
    await expect(writeBackCredentialsFile(path, 1, update('4'))).rejects.toThrow(/no account at index 1/);
    expect(await readFile(path, 'utf8')).toBe(content);
  });
});
