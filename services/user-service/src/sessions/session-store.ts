import { createHash, randomBytes } from 'node:crypto';
import { type Db, webSessions } from '@kirogate/db';
import { and, eq, gt, lt } from 'drizzle-orm';

export type SessionKind = 'user' | 'admin';

export interface StoredSession {
  kind: SessionKind;
  userId: string | null;
  expiresAt: Date;
}

/**
 * Web sessions in Postgres. Only the SHA-256 of the session id is stored, so a read of the table does
 * not yield usable cookies; deleting rows ends sessions at once on every replica.
 */
export class SessionStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async create(
    kind: SessionKind,
    userId: string | null,
    maxAgeMs: number,
  ): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + maxAgeMs);
    await this.#db.insert(webSessions).values({ idHash: hashId(id), kind, userId, expiresAt });
    return { id, expiresAt };
  }

  async find(kind: SessionKind, id: string): Promise<StoredSession | undefined> {
    const [row] = await this.#db
      .select({ kind: webSessions.kind, userId: webSessions.userId, expiresAt: webSessions.expiresAt })
      .from(webSessions)
      .where(
        and(
          eq(webSessions.idHash, hashId(id)),
          eq(webSessions.kind, kind),
          gt(webSessions.expiresAt, new Date()),
        ),
      );
    return row;
  }

  async delete(id: string): Promise<void> {
    await this.#db.delete(webSessions).where(eq(webSessions.idHash, hashId(id)));
  }

  /** Ends every session of a user (ban, or "log out everywhere"). */
  async deleteForUser(userId: string): Promise<void> {
    await this.#db.delete(webSessions).where(eq(webSessions.userId, userId));
  }

  async purgeExpired(): Promise<number> {
    const removed = await this.#db
      .delete(webSessions)
      .where(lt(webSessions.expiresAt, new Date()))
      .returning({ idHash: webSessions.idHash });
    return removed.length;
  }
}

function hashId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}
