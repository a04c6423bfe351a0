import type { CredentialAdmin } from '@kirogate/contracts';
import {
  announcementStatus,
  announcements,
  apiKeys,
  type Db,
  ipBlacklist,
  oauthAccounts,
  settings,
  users,
} from '@kirogate/db';
import { and, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { BackupDocument } from './backup-document.ts';

export const backupTables = [
  'users',
  'oauthAccounts',
  'apiKeys',
  'credentials',
  'announcements',
  'announcementStatus',
  'ipBlacklist',
  'settings',
] as const;
export type BackupTable = (typeof backupTables)[number];

/** Per table: rows in the backup, rows written, rows already here (left as they are). */
export type BackupImportCounts = Record<BackupTable, { total: number; added: number; present: number }>;

const batchSize = 500;

/** The tables user-service writes itself; `credentials` belongs to the token broker. */
type OwnTable = Exclude<BackupTable, 'credentials'>;

/**
 * Restores a backup without overwriting anything: rows whose key (id, key hash, token hash, provider
 * identity, address, setting name) is already here are kept as they are, so a second import adds
 * nothing. Announcements get new ids and are recognised by content and creation time; read marks
 * follow them. Our own tables are one transaction; the credentials then go to their owner, the token
 * broker (`credentials.restore`, which reloads its pool at once), once the users they belong to are
 * committed. The broker checks first, without writing, that every credential opens with its key, so a
 * backup under another key is refused before anything is written. If the last step fails anyway, the
 * rest stays restored and importing the same file again adds just the credentials.
 */
export async function importBackup(
  db: Db,
  credentials: Pick<CredentialAdmin, 'restore'>,
  backup: BackupDocument,
): Promise<BackupImportCounts> {
  await credentials.restore(backup.credentials, { dryRun: true });
  const counts = await db.transaction(async (tx) => {
    const counts = {} as Omit<BackupImportCounts, 'credentials'>;
    const insert = async <T extends PgTable>(name: OwnTable, table: T, rows: T['$inferInsert'][]) => {
      let added = 0;
      for (let start = 0; start < rows.length; start += batchSize) {
        const inserted = await tx
          .insert(table)
          .values(rows.slice(start, start + batchSize))
          .onConflictDoNothing()
          .returning();
        added += inserted.length;
      }
      counts[name] = { total: rows.length, added, present: rows.length - added };
    };
    await insert('users', users, backup.users);
    await insert('oauthAccounts', oauthAccounts, backup.oauthAccounts);
    await insert('apiKeys', apiKeys, backup.apiKeys);

    const announcementIds = new Map<number, number>();
    let added = 0;
    for (const row of backup.announcements) {
      const { id, ...values } = row;
      const [existing] = await tx
        .select({ id: announcements.id })
        .from(announcements)
        .where(and(eq(announcements.content, row.content), eq(announcements.createdAt, row.createdAt)));
      if (existing) {
        announcementIds.set(id, existing.id);
        continue;
      }
      const [inserted] = await tx.insert(announcements).values(values).returning({ id: announcements.id });
      announcementIds.set(id, inserted!.id);
      added += 1;
    }
    counts.announcements = {
      total: backup.announcements.length,
      added,
      present: backup.announcements.length - added,
    };
    await insert(
      'announcementStatus',
      announcementStatus,
      backup.announcementStatus.map((row) => ({
        ...row,
        announcementId: announcementIds.get(row.announcementId)!,
      })),
    );
    await insert('ipBlacklist', ipBlacklist, backup.ipBlacklist);
    await insert('settings', settings, backup.settings);
    return counts;
  });
  const restored = await credentials.restore(backup.credentials);
  return {
    ...counts,
    credentials: { total: backup.credentials.length, added: restored.inserted, present: restored.skipped },
  };
}
