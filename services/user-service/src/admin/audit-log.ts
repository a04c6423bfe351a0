import { adminAuditLog, type Db } from '@kirogate/db';
import { count, desc } from 'drizzle-orm';

export type AuditRow = typeof adminAuditLog.$inferSelect;

/** Who did what from the admin panel. `details` must never hold a secret. */
export class AuditLog {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async record(
    action: string,
    target: string | null,
    details: Record<string, unknown> | null = null,
  ): Promise<void> {
    await this.#db.insert(adminAuditLog).values({ actor: 'admin', action, target, details });
  }

  async list(page: { offset: number; pageSize: number }): Promise<{ rows: AuditRow[]; total: number }> {
    const [rows, [total]] = await Promise.all([
      this.#db
        .select()
        .from(adminAuditLog)
        .orderBy(desc(adminAuditLog.id))
        .limit(page.pageSize)
        .offset(page.offset),
      this.#db.select({ n: count() }).from(adminAuditLog),
    ]);
    return { rows, total: total?.n ?? 0 };
  }
}
