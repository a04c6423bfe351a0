import {
  credentialSecretAad,
  credentials,
  type Db,
  DecryptionError,
  decryptSecret,
  encryptSecret,
  type Keyring,
} from '@kirogate/db';
import { and, eq, isNull, ne } from 'drizzle-orm';

export interface ReencryptResult {
  /** Rows now sealed with the current key. */
  readonly reencrypted: number;
  /** Rows whose secrets no configured key opens (left alone; the broker quarantines them). */
  readonly unreadable: number;
  /** Rows changed by someone else meanwhile (a rotated token was saved): the next run takes them. */
  readonly skipped: number;
}

/**
 * After a key rotation (`TOKEN_ENCRYPT_KEY` new, the old one in `TOKEN_ENCRYPT_KEY_PREVIOUS`), seals
 * every credential's refresh token and IdC client id/secret with the current key, `batchSize` rows per
 * run. Each row is written only if its ciphertext is still the one that was read, so a rotated token
 * the broker saved meanwhile is never overwritten. Once nothing is left on an old key, that key can be
 * dropped from `TOKEN_ENCRYPT_KEY_PREVIOUS`.
 */
export async function reencryptCredentials(
  db: Db,
  keyring: Keyring,
  batchSize = 200,
): Promise<ReencryptResult> {
  const current = keyring.current;
  const rows = await db
    .select({
      id: credentials.id,
      keyId: credentials.keyId,
      refreshTokenEnc: credentials.refreshTokenEnc,
      clientIdEnc: credentials.clientIdEnc,
      clientSecretEnc: credentials.clientSecretEnc,
    })
    .from(credentials)
    .where(ne(credentials.keyId, current.id))
    .limit(batchSize);
  let reencrypted = 0;
  let unreadable = 0;
  let skipped = 0;
  for (const row of rows) {
    const reseal = (envelope: string, column: 'refresh_token' | 'client_id' | 'client_secret'): string => {
      const aad = credentialSecretAad(row.id, column);
      return encryptSecret(decryptSecret(envelope, { keyring, aad }), { key: current, aad });
    };
    let next: { refreshTokenEnc: string; clientIdEnc: string | null; clientSecretEnc: string | null };
    try {
      next = {
        refreshTokenEnc: reseal(row.refreshTokenEnc, 'refresh_token'),
        clientIdEnc: row.clientIdEnc === null ? null : reseal(row.clientIdEnc, 'client_id'),
        clientSecretEnc: row.clientSecretEnc === null ? null : reseal(row.clientSecretEnc, 'client_secret'),
      };
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      unreadable += 1;
      continue;
    }
    const updated = await db
      .update(credentials)
      .set({ ...next, keyId: current.id })
      .where(
        and(
          eq(credentials.id, row.id),
          eq(credentials.refreshTokenEnc, row.refreshTokenEnc),
          row.clientIdEnc === null
            ? isNull(credentials.clientIdEnc)
            : eq(credentials.clientIdEnc, row.clientIdEnc),
          row.clientSecretEnc === null
            ? isNull(credentials.clientSecretEnc)
            : eq(credentials.clientSecretEnc, row.clientSecretEnc),
        ),
      )
      .returning({ id: credentials.id });
    if (updated.length > 0) reencrypted += 1;
    else skipped += 1;
  }
  return { reencrypted, unreadable, skipped };
}
