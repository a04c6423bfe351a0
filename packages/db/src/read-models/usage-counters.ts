import { inArray } from 'drizzle-orm';
import type { Db } from '../create-database.ts';
import { apiKeyUsage, credentialUsage } from '../schema/usage.ts';

/**
 * The read model of the worker's usage counters (docs/decisions/0015-table-ownership.md): the owners of
 * the keys and credentials read their counts here and never write them. A key or credential without a
 * finished request has no row and reads as zero.
 */

export interface KeyUsage {
  readonly requestCount: number;
  readonly lastUsedAt: Date | null;
}

export interface CredentialUsage {
  readonly successCount: number;
  readonly failCount: number;
  readonly creditsUsed: number;
  readonly lastUsedAt: Date | null;
}

export const noKeyUsage: KeyUsage = { requestCount: 0, lastUsedAt: null };

export const noCredentialUsage: CredentialUsage = {
  successCount: 0,
  failCount: 0,
  creditsUsed: 0,
  lastUsedAt: null,
};

/** Counters of the given API keys, by key id; ids without a row are absent (read `noKeyUsage`). */
export async function keyUsageOf(db: Db, keyIds: readonly string[]): Promise<Map<string, KeyUsage>> {
  if (keyIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(apiKeyUsage)
    .where(inArray(apiKeyUsage.keyId, [...keyIds]));
  return new Map(
    rows.map((row) => [row.keyId, { requestCount: row.requestCount, lastUsedAt: row.lastUsedAt }]),
  );
}

/** Counters of the given credentials, by id; ids without a row are absent (read `noCredentialUsage`). */
export async function credentialUsageOf(
  db: Db,
  credentialIds: readonly string[],
): Promise<Map<string, CredentialUsage>> {
  if (credentialIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(credentialUsage)
    .where(inArray(credentialUsage.credentialId, [...credentialIds]));
  return new Map(
    rows.map((row) => [
      row.credentialId,
      {
        successCount: row.successCount,
        failCount: row.failCount,
        creditsUsed: row.creditsUsed,
        lastUsedAt: row.lastUsedAt,
      },
    ]),
  );
}
