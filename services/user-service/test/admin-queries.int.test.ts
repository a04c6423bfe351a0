import { hashSecret } from '@kirogate/contracts';
import { apiKeys, oauthAccounts, users } from '@kirogate/db';
import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, kiroToken, startHarness } from './support/user-service-harness.ts';

/**
 * The admin lists ask the database a fixed number of times however many rows a page has: counted
 * statements (user-service and the in-process token-broker share the counting pool) for pages of
 * 10 and 100 users must be the same, and small.
 */
describeWithServices('admin lists without N+1 queries', { postgres: true, redis: true }, () => {
  let h: Harness;
  const statements: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    h = await startHarness({}, { onQuery: (sql) => statements.push(sql) });
    const rows = await h.db.db
      .insert(users)
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          username: `user-${String(i).padStart(3, '0')}`,
          trustLevel: 1,
        })),
      )
      .returning({ id: users.id });
    ids.push(...rows.map((row) => row.id));
    await h.db.db
      .insert(oauthAccounts)
      .values(ids.map((userId, i) => ({ provider: 'github' as const, providerUserId: `gh-${i}`, userId })));
    await h.db.db
      .insert(apiKeys)
      .values(
        ids
          .slice(0, 30)
          .map((userId, i) => ({ userId, keyHash: hashSecret(`sk-key-${i}`), keyPrefix: `sk-${i}...` })),
      );
    // Tokens of three users, one of them with two, donated (validated) through the token broker.
    for (const [index, owner] of [ids[0], ids[1], ids[1], ids[2]].entries()) {
      await h.credentialAdmin.register({
        refreshToken: kiroToken(`n1-${index}`),
        authKind: 'social',
        ownerUserId: owner!,
        visibility: 'public',
        anonymous: false,
      });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Statements one admin call sends, and its body. */
  async function counted(path: string) {
    const admin = await h.admin();
    statements.length = 0;
    const response = await admin.request(path);
    expect(response.status).toBe(200);
    return { count: statements.length, body: response.json() };
  }

  it('lists 100 users with providers, key and token counts in as many statements as 10 users', async () => {
    const small = await counted('/admin/api/users?page_size=10&sort_field=username&sort_order=asc');
    const large = await counted('/admin/api/users?page_size=100&sort_field=username&sort_order=asc');
    expect(large.body.users).toHaveLength(100);
    expect(large.body.pagination.total).toBe(100);
    expect(large.count).toBe(small.count);
    // The admin session, rows (with key counts), total, providers, token counts.
    expect(large.count).toBeLessThanOrEqual(5);

    const byName = new Map(large.body.users.map((user: { username: string }) => [user.username, user]));
    expect(byName.get('user-000')).toMatchObject({ providers: ['github'], token_count: 1, api_key_count: 1 });
    expect(byName.get('user-001')).toMatchObject({ token_count: 2, api_key_count: 1 });
    expect(byName.get('user-050')).toMatchObject({ token_count: 0, api_key_count: 0 });
  });

  it('names the owners of a page of donated tokens and of the public pool in one query', async () => {
    const one = await counted('/admin/api/donated-tokens?page_size=1');
    const all = await counted('/admin/api/donated-tokens?page_size=50');
    expect(all.body.tokens).toHaveLength(4);
    expect(new Set(all.body.tokens.map((token: { owner_username: string }) => token.owner_username))).toEqual(
      new Set(['user-000', 'user-001', 'user-002']),
    );
    expect(all.count).toBe(one.count);
    // The admin session, the page and its total, the page's usage counters (the worker's table, read
    // by token-broker in one statement), the owners' names.
    expect(all.count).toBeLessThanOrEqual(5);

    statements.length = 0;
    const pool = (await h.browser().request('/api/public-tokens')).json();
    expect(pool.count).toBe(4);
    // Site flags, the pool and its total, its usage counters, the owners' names.
    expect(statements.length).toBeLessThanOrEqual(5);
  });
});
