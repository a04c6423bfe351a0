import { type Db, oauthAccounts, users } from '@kirogate/db';
import { and, asc, count, desc, eq, ilike, inArray, sql } from 'drizzle-orm';

export type OAuthProvider = 'github' | 'linuxdo';

export interface OAuthIdentity {
  provider: OAuthProvider;
  providerUserId: string;
  username: string;
  avatarUrl: string | null;
  trustLevel: number;
}

export type User = typeof users.$inferSelect;

export type LoginOutcome =
  | { ok: true; user: User; created: boolean }
  | { ok: false; reason: 'banned' | 'registration_closed' };

export interface UserListQuery {
  offset: number;
  pageSize: number;
  search?: string | undefined;
  isBanned?: boolean | undefined;
  sortField: 'created_at' | 'last_login' | 'username';
  sortOrder: 'asc' | 'desc';
}

export class UserStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async byId(id: string): Promise<User | undefined> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, id));
    return row;
  }

  /**
   * Finds the user behind an OAuth identity (refreshing name, avatar and trust level) or creates one
   * when registrations are open. Banned users are refused here, before any session exists.
   */
  async login(identity: OAuthIdentity, registrationOpen: boolean): Promise<LoginOutcome> {
    return this.#db.transaction(async (tx) => {
      const [linked] = await tx
        .select({ user: users })
        .from(oauthAccounts)
        .innerJoin(users, eq(users.id, oauthAccounts.userId))
        .where(
          and(
            eq(oauthAccounts.provider, identity.provider),
            eq(oauthAccounts.providerUserId, identity.providerUserId),
          ),
        );
      if (linked) {
        if (linked.user.status === 'banned') return { ok: false, reason: 'banned' } as const;
        const [user] = await tx
          .update(users)
          .set({
            username: identity.username,
            avatarUrl: identity.avatarUrl,
            trustLevel: identity.trustLevel,
            lastLoginAt: new Date(),
          })
          .where(eq(users.id, linked.user.id))
          .returning();
        await tx
          .update(oauthAccounts)
          .set({ providerUsername: identity.username })
          .where(
            and(
              eq(oauthAccounts.provider, identity.provider),
              eq(oauthAccounts.providerUserId, identity.providerUserId),
            ),
          );
        return { ok: true, user: user!, created: false } as const;
      }
      if (!registrationOpen) return { ok: false, reason: 'registration_closed' } as const;
      const [user] = await tx
        .insert(users)
        .values({
          username: identity.username,
          avatarUrl: identity.avatarUrl,
          trustLevel: identity.trustLevel,
          lastLoginAt: new Date(),
        })
        .returning();
      await tx.insert(oauthAccounts).values({
        provider: identity.provider,
        providerUserId: identity.providerUserId,
        userId: user!.id,
        providerUsername: identity.username,
      });
      return { ok: true, user: user!, created: true } as const;
    });
  }

  async providers(userIds: readonly string[]): Promise<Map<string, OAuthProvider[]>> {
    const map = new Map<string, OAuthProvider[]>();
    if (userIds.length === 0) return map;
    const rows = await this.#db
      .select({ userId: oauthAccounts.userId, provider: oauthAccounts.provider })
      .from(oauthAccounts)
      .where(inArray(oauthAccounts.userId, [...userIds]));
    for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.provider]);
    return map;
  }

  /** Names of many users in one query; unknown ids are left out. */
  async usernames(userIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Map();
    const rows = await this.#db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.id, unique));
    return new Map(rows.map((row) => [row.id, row.username]));
  }

  async setStatus(id: string, status: 'active' | 'banned'): Promise<User | undefined> {
    const [row] = await this.#db
      .update(users)
      .set({ status, bannedAt: status === 'banned' ? new Date() : null })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  async list(query: UserListQuery): Promise<{ rows: (User & { apiKeyCount: number })[]; total: number }> {
    const conditions = [];
    if (query.search) conditions.push(ilike(users.username, `%${escapeLike(query.search)}%`));
    if (query.isBanned !== undefined) conditions.push(eq(users.status, query.isBanned ? 'banned' : 'active'));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const column = { created_at: users.createdAt, last_login: users.lastLoginAt, username: users.username }[
      query.sortField
    ];
    const order = query.sortOrder === 'asc' ? asc(column) : sql`${column} desc nulls last`;
    // Written out: drizzle leaves columns unqualified inside a selected subquery, and "id" would bind to api_keys.
    const keyCount = sql<number>`(select count(*)::int from api_keys k where k.user_id = "users"."id" and k.kind = 'user')`;
    const [rows, [total]] = await Promise.all([
      this.#db
        .select({ user: users, apiKeyCount: keyCount })
        .from(users)
        .where(where)
        .orderBy(order, desc(users.id))
        .limit(query.pageSize)
        .offset(query.offset),
      this.#db.select({ n: count() }).from(users).where(where),
    ]);
    return {
      rows: rows.map((row) => ({ ...row.user, apiKeyCount: Number(row.apiKeyCount) })),
      total: total?.n ?? 0,
    };
  }

  async counts(): Promise<{ users: number; banned: number }> {
    const [row] = await this.#db
      .select({
        users: count(),
        banned: sql<number>`count(*) filter (where ${users.status} = 'banned')::int`,
      })
      .from(users);
    return { users: row?.users ?? 0, banned: Number(row?.banned ?? 0) };
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
