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

/**
 * Restores a backup in one transaction without overwriting anything: rows whose key (id, key hash,
 * token hash, provider identity, address, setting name) is already here are kept as they are, so a
 * second import adds nothing. Announcements get new ids and are recognised by content and creation
 * time; read marks follow them.
 */
export async function importBackup(db: Db, backup: BackupDocument): Promise<BackupImportCounts> {
  return db.transaction(async (tx) => {
    const counts = {} as BackupImportCounts;
    const insert = async <T extends PgTable>(name: BackupTable, table: T, rows: T['$inferInsert'][]) => {
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
    await insert('credentials', credentials, backup.credentials);

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
}
