import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadOrCreateSessionSecret, sessionSecretFile } from './load-or-create-session-secret.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('creates an owner-only secret once and returns the same one afterwards', async () => {
  dir = await mkdtemp(join(tmpdir(), 'kg-session-'));
  const first = await loadOrCreateSessionSecret(dir);
  expect(first.length).toBeGreaterThanOrEqual(32);
  expect(await loadOrCreateSessionSecret(dir)).toBe(first);
  expect((await stat(join(dir, sessionSecretFile))).mode & 0o777).toBe(0o600);
});
