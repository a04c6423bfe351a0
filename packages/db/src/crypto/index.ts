export { type DecryptOptions, decryptSecret, envelopeKeyId } from './decrypt-secret.ts';
export { DecryptionError, type DecryptionFailure } from './decryption-error.ts';
export { type EncryptOptions, encryptSecret } from './encrypt-secret.ts';
export { deriveEncryptionKey, EncryptionKey } from './encryption-key.ts';
export { createKeyring, type Keyring } from './keyring.ts';
