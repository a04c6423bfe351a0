import type { EncryptionKey } from './encryption-key.ts';

/** The key new secrets are encrypted with, and every key old ones may still be encrypted with. */
export interface Keyring {
  readonly current: EncryptionKey;
  find(id: string): EncryptionKey | undefined;
}

export function createKeyring(current: EncryptionKey, previous: readonly EncryptionKey[] = []): Keyring {
  const byId = new Map([...previous, current].map((key) => [key.id, key]));
  return { current, find: (id) => byId.get(id) };
}
