import { z } from 'zod';
import { envList } from '../env-parsers.ts';
import { notPlaceholder } from '../placeholder-secret.ts';
import { secret } from '../secret.ts';

const keyMaterial = notPlaceholder(z.string().min(16, { error: 'expected at least 16 characters' }));

/**
 * Key material for credentials at rest: 32 bytes as base64 or hex, or a passphrase that is stretched
 * with HKDF; template placeholders (`CHANGE_ME…`) are refused. Unset in the scaled deployment means donations are refused; standalone generates a key.
 */
export const secretsFragment = {
  TOKEN_ENCRYPT_KEY: secret(keyMaterial.optional()),
  /** Comma-separated retired keys, still accepted for decryption while a worker re-encrypts. */
  TOKEN_ENCRYPT_KEY_PREVIOUS: secret(envList().pipe(z.array(keyMaterial))),
};
