import { randomBytes } from 'node:crypto';
import { createKeyring, deriveEncryptionKey, EncryptionKey, type Keyring } from '@kirogate/db/crypto';

/**
 * The keys that seal stored responses: the host's keyring when it has one (standalone), else one from
 * TOKEN_ENCRYPT_KEY, else a random key of this process (stored responses then live only as long as the
 * process, and only this replica can read them).
 */
export function responseKeyring(
  config: { TOKEN_ENCRYPT_KEY?: string | undefined; TOKEN_ENCRYPT_KEY_PREVIOUS: readonly string[] },
  given?: Keyring,
): { keyring: Keyring; ephemeral: boolean } {
  if (given) return { keyring: given, ephemeral: false };
  if (config.TOKEN_ENCRYPT_KEY) {
    return {
      keyring: createKeyring(
        deriveEncryptionKey(config.TOKEN_ENCRYPT_KEY),
        config.TOKEN_ENCRYPT_KEY_PREVIOUS.map(deriveEncryptionKey),
      ),
      ephemeral: false,
    };
  }
  return { keyring: createKeyring(new EncryptionKey(randomBytes(32))), ephemeral: true };
}
