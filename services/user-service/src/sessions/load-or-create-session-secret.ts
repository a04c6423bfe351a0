import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const sessionSecretFile = 'user-session.secret';

/**
 * Standalone without `USER_SESSION_SECRET`: a random secret generated on first start and kept in
 * `DATA_DIR` (owner-only), so sessions survive restarts and no default secret ever exists.
 */
export async function loadOrCreateSessionSecret(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, sessionSecretFile);
  try {
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${path} does not hold a session secret; remove it to start over`);
  return secret;
}
