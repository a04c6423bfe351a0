import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deriveEncryptionKey, type EncryptionKey } from './encryption-key.ts';

export const standaloneKeyFile = 'token-encrypt.key';

/**
 * Standalone mode without `TOKEN_ENCRYPT_KEY`: a random key generated on first start and kept in
 * `DATA_DIR` (owner-only permissions), next to the database files whose secrets it protects.
 */
export async function loadOrCreateStandaloneKey(dataDir: string): Promise<EncryptionKey> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, standaloneKeyFile);
  try {
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const material = (await readFile(path, 'utf8')).trim();
  // A damaged file must not silently become a passphrase for a different key.
  if (!/^[A-Za-z0-9_-]{43}$/.test(material)) {
    throw new Error(`${path} does not hold a key; restore it from a backup, or remove it to start over`);
  }
  return deriveEncryptionKey(material);
}
