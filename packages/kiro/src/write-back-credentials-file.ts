import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { AppError } from '@kirogate/errors';
import { expandHome } from './expand-home.ts';

/** What a refresh changes in a stored account. */
export interface CredentialUpdate {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  profileArn?: string;
}

// Refreshes of two accounts in one array file must not overwrite each other's read-modify-write.
const pendingWrites = new Map<string, Promise<void>>();

/**
 * Writes a refreshed account back into entry `index` of the credentials file, keeping every other key
 * and entry. The new content goes to a temporary file that is renamed over the old one, so a crash
 * never leaves a half-written file.
 */
export function writeBackCredentialsFile(
  path: string,
  index: number,
  updated: CredentialUpdate,
): Promise<void> {
  const target = expandHome(path);
  const previous = pendingWrites.get(target) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => rewrite(target, index, updated));
  pendingWrites.set(target, current);
  const forget = () => {
    if (pendingWrites.get(target) === current) pendingWrites.delete(target);
  };
  current.then(forget, forget);
  return current;
}

async function rewrite(path: string, index: number, updated: CredentialUpdate): Promise<void> {
  const document: unknown = JSON.parse(await readFile(path, 'utf8'));
  const entry = Array.isArray(document) ? document[index] : index === 0 ? document : undefined;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new AppError('INTERNAL', `Credentials file ${path} has no account at index ${index}`);
  }
  const record = entry as Record<string, unknown>;
  record.accessToken = updated.accessToken;
  record.refreshToken = updated.refreshToken;
  record.expiresAt = updated.expiresAt.toISOString();
  if (updated.profileArn !== undefined) record.profileArn = updated.profileArn;
  await replaceFile(path, `${JSON.stringify(document, null, 2)}\n`);
}

async function replaceFile(path: string, content: string): Promise<void> {
  const { mode } = await stat(path);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode & 0o777);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
