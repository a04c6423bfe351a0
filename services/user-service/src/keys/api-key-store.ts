import { randomBytes } from 'node:crypto';
import type { ApiKeyVerifier, LimitValues, VerifiedKey } from '@kirogate/contracts';
import { hashSecret } from '@kirogate/contracts';
import { apiKeys, type Db, type KeyUsage, keyUsageOf, noKeyUsage, users } from '@kirogate/db';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { keyLimits, storedLimits, userLimits } from '../limits/limit-values.ts';

type StoredKey = typeof apiKeys.$inferSelect;

/**
 * A key with the request counters the worker keeps (read through `keyUsageOf`); the frozen counter
 * columns of `api_keys` are not read.
 */
export type ApiKeyRow = Omit<StoredKey, 'requestCount' | 'lastUsedAt'> & KeyUsage;

/** `sk-` + 48 hex (24 random bytes), as the Python KiroGate issued; import keys use `ik-`. */
export function generateApiKey(kind: 'user' | 'import'): string {
  return `${kind === 'user' ? 'sk' : 'ik'}-${randomBytes(24).toString('hex')}`;
}

/** `sk-ab12...9f3e`: enough to recognise a key, far too little to guess it. */
export function displayPrefix(key: string): string {
  return `${key.slice(0, 7)}...${key.slice(-4)}`;
}

/**
 * API keys stored as SHA-256 hex + display prefix. Every read and write is scoped by owner, so a key id
 * from another user is simply not found (no way to tell it exists).
 */
export class ApiKeyStore implements ApiKeyVerifier {
  readonly #db: Db;
  readonly #limitDefaults: LimitValues;

  /** `limitDefaults`: the limits of a user without an admin's override, handed out by `verify`. */
  constructor(db: Db, limitDefaults: LimitValues) {
    this.#db = db;
    this.#limitDefaults = limitDefaults;
  }

  async create(
    userId: string,
    name: string,
    kind: 'user' | 'import' = 'user',
  ): Promise<{ row: ApiKeyRow; key: string }> {
    const key = generateApiKey(kind);
    const [row] = await this.#db
      .insert(apiKeys)
      .values({ userId, kind, name, keyHash: hashSecret(key), keyPrefix: displayPrefix(key) })
      .returning();
    return { row: { ...row!, ...noKeyUsage }, key };
  }

  async list(userId: string, page: { offset: number; pageSize: number }, kind: 'user' | 'import' = 'user') {
    const where = and(eq(apiKeys.userId, userId), eq(apiKeys.kind, kind));
    const [rows, [total]] = await Promise.all([
      this.#db
        .select()
        .from(apiKeys)
        .where(where)
        .orderBy(desc(apiKeys.createdAt))
        .limit(page.pageSize)
        .offset(page.offset),
      this.#db.select({ n: count() }).from(apiKeys).where(where),
    ]);
    return { rows: await this.#withUsage(rows), total: total?.n ?? 0 };
  }

  async count(userId: string): Promise<number> {
    const [row] = await this.#db
      .select({ n: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), eq(apiKeys.kind, 'user')));
    return row?.n ?? 0;
  }

  async setActive(userId: string, id: string, isActive: boolean): Promise<ApiKeyRow | undefined> {
    const [row] = await this.#db
      .update(apiKeys)
      .set({ isActive })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
      .returning();
    return row ? (await this.#withUsage([row]))[0] : undefined;
  }

  async delete(userId: string, id: string): Promise<StoredKey | undefined> {
    const [row] = await this.#db
      .delete(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
      .returning();
    return row;
  }

  /** Admin-side delete by id alone, limited to one kind so an import-key call cannot remove user keys. */
  async deleteAny(id: string, kind: 'user' | 'import'): Promise<StoredKey | undefined> {
    const [row] = await this.#db
      .delete(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.kind, kind)))
      .returning();
    return row;
  }

  async hashesOf(userId: string): Promise<string[]> {
    const rows = await this.#db
      .select({ hash: apiKeys.keyHash })
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId));
    return rows.map((row) => row.hash);
  }

  /**
   * VerifyApiKey: active `sk-` keys resolve to their owner, banned owners included (status `banned`,
   * so the gateway answers 403 rather than 401); unknown, disabled and import keys are null.
   */
  async verify(keyHash: string): Promise<VerifiedKey | null> {
    if (!/^[0-9a-f]{64}$/.test(keyHash)) return null;
    const [row] = await this.#db
      .select({
        keyId: apiKeys.id,
        userId: apiKeys.userId,
        isActive: apiKeys.isActive,
        kind: apiKeys.kind,
        status: users.status,
        userLimits: users.limitOverrides,
        keyLimits: apiKeys.limits,
      })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(eq(apiKeys.keyHash, keyHash));
    if (!row?.isActive || row.kind !== 'user') return null;
    return {
      kind: 'user',
      userId: row.userId,
      keyId: row.keyId,
      status: row.status,
      limits: {
        user: userLimits(this.#limitDefaults, storedLimits(row.userLimits)),
        key: keyLimits(storedLimits(row.keyLimits)),
      },
    };
  }

  /** The owner of an active import key (`ik-`), for `/api/tokens/import`. */
  async importKeyOwner(keyHash: string): Promise<string | null> {
    const [row] = await this.#db
      .select({ userId: apiKeys.userId, status: users.status })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.keyHash, keyHash), eq(apiKeys.kind, 'import'), eq(apiKeys.isActive, true)));
    return row && row.status === 'active' ? row.userId : null;
  }

  async #withUsage(rows: readonly StoredKey[]): Promise<ApiKeyRow[]> {
    const usage = await keyUsageOf(
      this.#db,
      rows.map((row) => row.id),
    );
    return rows.map(({ requestCount: _frozen, lastUsedAt: _frozenToo, ...row }) => ({
      ...row,
      ...(usage.get(row.id) ?? noKeyUsage),
    }));
  }

  async totalCount(): Promise<number> {
    const [row] = await this.#db
      .select({ n: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(eq(apiKeys.kind, 'user'));
    return Number(row?.n ?? 0);
  }
}
