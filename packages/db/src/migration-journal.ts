import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from './create-database.ts';

export interface JournalEntry {
  tag: string;
  /** drizzle records this timestamp, not the tag, for each applied migration. */
  when: number;
}

export async function readJournal(migrationsFolder: string): Promise<JournalEntry[]> {
  const text = await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  const journal = JSON.parse(text) as { entries: JournalEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** The `when` of every migration drizzle has recorded; empty before the first run. */
export async function appliedMigrations(db: Db): Promise<Set<number>> {
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (exists.rows[0]?.present !== true) return new Set();
  const rows = await db.execute<{ created_at: string }>(
    sql`select created_at from drizzle.__drizzle_migrations`,
  );
  return new Set(rows.rows.map((row) => Number(row.created_at)));
}
