import { randomBytes } from 'node:crypto';
import { createKeyring, decryptSecret, EncryptionKey, encryptSecret, type Keyring } from '@kirogate/db';

/**
 * Seals secrets the broker keeps in the shared cache (access tokens, combined-mode refresh tokens of
 * leases in flight): AES-256-GCM with the credentials key, the cache key as AAD so an entry cannot be
 * replayed under another key. Redis then holds nothing a reader could use.
 */
export class AccessTokenSealer {
  /** Undefined for a cache that never leaves this process: nothing to seal against, no cipher per request. */
  readonly #keyring: Keyring | undefined;

  constructor(keyring: Keyring | undefined) {
    this.#keyring = keyring;
  }

  /** For the in-process cache (standalone without Redis): entries stay in this process's memory. */
  static inProcess(): AccessTokenSealer {
    return new AccessTokenSealer(undefined);
  }

  /** A process-local random key: only for one replica with in-process state (tests, single broker). */
  static ephemeral(): AccessTokenSealer {
    return new AccessTokenSealer(createKeyring(new EncryptionKey(randomBytes(32))));
  }

  seal(value: unknown, aad: string): string {
    if (this.#keyring === undefined) return JSON.stringify(value);
    return encryptSecret(JSON.stringify(value), { key: this.#keyring.current, aad: `cache:${aad}` });
  }

  /** Undefined when the entry cannot be opened (another key, tampered): treated as a cache miss. */
  open<T>(sealed: string | undefined, aad: string): T | undefined {
    if (sealed === undefined) return undefined;
    try {
      if (this.#keyring === undefined) return JSON.parse(sealed) as T;
      return JSON.parse(decryptSecret(sealed, { keyring: this.#keyring, aad: `cache:${aad}` })) as T;
    } catch {
      return undefined;
    }
  }
}
