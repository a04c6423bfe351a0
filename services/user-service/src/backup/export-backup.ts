import {
  announcementStatus,
  announcements,
  apiKeys,
  credentials,
  type Db,
  ipBlacklist,
  oauthAccounts,
  settings,
  users,
} from '@kirogate/db';
import { asc, getTableColumns, sql } from 'drizzle-orm';
import { type BackupDocument, backupFormat, backupVersion } from './backup-document.ts';

/** Bookkeeping for concurrent writers, meaningless in another database. */
const { version: _version, ...credentialColumns } = getTableColumns(credentials);

/**
 * Every row the backup holds, in one repeatable-read transaction so the tables agree with each other.
 * Credentials leave sealed; nothing here is ever decrypted.
 */
export async function exportBackup(db: Db): Promise<BackupDocument> {
  return db.transaction(
    async (tx) => ({
      format: backupFormat,
      version: backupVersion,
      exportedAt: new Date(),
      users: await tx.select().from(users).orderBy(asc(users.createdAt), asc(users.id)),
      oauthAccounts: await tx
        .select()
        .from(oauthAccounts)
        .orderBy(asc(oauthAccounts.provider), asc(oauthAccounts.providerUserId)),
      apiKeys: await tx.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)),
      credentials: await tx
        .select(credentialColumns)
        .from(credentials)
        .orderBy(asc(credentials.createdAt), asc(credentials.id)),
      announcements: await tx.select().from(announcements).orderBy(asc(announcements.id)),
      announcementStatus: await tx
        .select()
        .from(announcementStatus)
        .orderBy(asc(announcementStatus.announcementId), asc(announcementStatus.userId)),
      ipBlacklist: await tx
        .select({
          ip: sql<string>`host(${ipBlacklist.ip})`,
          reason: ipBlacklist.reason,
          bannedAt: ipBlacklist.bannedAt,
        })
        .from(ipBlacklist)
        .orderBy(asc(ipBlacklist.ip)),
      settings: await tx.select().from(settings).orderBy(asc(settings.key)),
    }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
