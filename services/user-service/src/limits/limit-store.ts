import { apiKeys, type Db, users } from '@kirogate/db';
import { and, eq } from 'drizzle-orm';
import { type StoredLimits, storedLimits } from './limit-values.ts';

/** Reads and writes the limit columns: an admin's overrides on `users`, a user's own on `api_keys`. */
export class LimitStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** undefined for an unknown user. */
  async userOverrides(userId: string): Promise<StoredLimits | undefined> {
    const [row] = await this.#db
      .select({ limits: users.limitOverrides })
      .from(users)
      .where(eq(users.id, userId));
    return row ? storedLimits(row.limits) : undefined;
  }

  async setUserOverrides(userId: string, limits: StoredLimits): Promise<boolean> {
    const rows = await this.#db
      .update(users)
      .set({ limitOverrides: limits })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    return rows.length > 0;
  }

  /** The user's `sk-` keys with their own limits, newest first (at most 200, as the key lists). */
  async keysOf(userId: string) {
    const rows = await this.#db
      .select({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix, limits: apiKeys.limits })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), eq(apiKeys.kind, 'user')))
      .limit(200);
    return rows.map((row) => ({ ...row, limits: storedLimits(row.limits) }));
  }

  /** Scoped by owner: another user's key id is simply not found. Returns the key's hash for revocation. */
  async setKeyLimits(userId: string, keyId: string, limits: StoredLimits): Promise<string | undefined> {
    const [row] = await this.#db
      .update(apiKeys)
      .set({ limits })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), eq(apiKeys.kind, 'user')))
      .returning({ hash: apiKeys.keyHash });
    return row?.hash;
  }

  async keyLimits(userId: string, keyId: string): Promise<StoredLimits | undefined> {
    const [row] = await this.#db
      .select({ limits: apiKeys.limits })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), eq(apiKeys.kind, 'user')));
    return row ? storedLimits(row.limits) : undefined;
  }
}
