import { randomBytes } from 'node:crypto';
import { createKeyring, decryptSecret, EncryptionKey, encryptSecret, type Keyring } from '@kirogate/db';

/**
 * Seals secrets the broker keeps in the cache (access tokens, combined-mode refresh tokens of leases in
 * flight): AES-256-GCM with the credentials key, the cache key as AAD so an entry cannot be replayed
 * under another key. Redis then holds nothing a reader could use, and the in-process cache (sealed
 * with a process-local key) holds no token in plain JSON for a heap dump or a debugger to find.
 */
export class AccessTokenSealer {
  readonly #keyring: Keyring;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  /** A process-local random key: for in-process state (standalone without Redis, tests, single broker). */
  static ephemeral(): AccessTokenSealer {
    return new AccessTokenSealer(createKeyring(new EncryptionKey(randomBytes(32))));
  }

  seal(value: unknown, aad: string): string {
    return encryptSecret(JSON.stringify(value), { key: this.#keyring.current, aad: `cache:${aad}` });
  }

  /** Undefined when the entry cannot be opened (another key, tampered): treated as a cache miss. */
  open<T>(sealed: string | undefined, aad: string): T | undefined {
    if (sealed === undefined) return undefined;
    try {
      return JSON.parse(decryptSecret(sealed, { keyring: this.#keyring, aad: `cache:${aad}` })) as T;
    } catch {
      return undefined;
    }
  }
}
