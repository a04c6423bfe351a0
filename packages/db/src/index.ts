export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Db,
  type MigrationReport,
  type RowsResult,
  type RowsResultHKT,
  type Schema,
} from './create-database.ts';
export { credentialSecretAad } from './crypto/credential-secret-aad.ts';
export { type DecryptOptions, decryptSecret, envelopeKeyId } from './crypto/decrypt-secret.ts';
export { DecryptionError, type DecryptionFailure } from './crypto/decryption-error.ts';
export { type EncryptOptions, encryptSecret } from './crypto/encrypt-secret.ts';
export { deriveEncryptionKey, EncryptionKey } from './crypto/encryption-key.ts';
export { createKeyring, type Keyring } from './crypto/keyring.ts';
export { loadOrCreateStandaloneKey, standaloneKeyFile } from './crypto/load-or-create-standalone-key.ts';
export { migrationsFolder } from './migrations-folder.ts';
export {
  type CredentialUsage,
  credentialUsageOf,
  type KeyUsage,
  keyUsageOf,
  noCredentialUsage,
  noKeyUsage,
} from './read-models/usage-counters.ts';
export * from './schema/index.ts';
