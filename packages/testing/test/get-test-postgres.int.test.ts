import { Client } from 'pg';
import { afterEach, expect, it } from 'vitest';
import { describeWithServices, getTestPostgres, locatePostgres, type TestPostgres } from '../src/index.ts';

async function query<Row>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const server = await locatePostgres();
  if (!server.available) throw new Error(server.reason);
  const rows = await query(server.url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

describeWithServices('getTestPostgres', { postgres: true }, () => {
  const fixtures: TestPostgres[] = [];
  afterEach(async () => {
    await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()));
  });

  it('gives each concurrent caller its own database', async () => {
    const [first, second] = await Promise.all([getTestPostgres(), getTestPostgres()]);
    fixtures.push(first!, second!);
    expect(first!.database).not.toBe(second!.database);

    await query(first!.url, 'CREATE TABLE only_in_first (id int)');
    const [own] = await query<{ db: string }>(first!.url, 'SELECT current_database() AS db');
    expect(own?.db).toBe(first!.database);
    const [inSecond] = await query<{ found: string | null }>(
      second!.url,
      "SELECT to_regclass('only_in_first')::text AS found",
    );
    expect(inSecond?.found).toBeNull();
  });

  it('drops the database on cleanup, even with a connection still open', async () => {
    const fixture = (await getTestPostgres())!;
    const lingering = new Client({ connectionString: fixture.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    expect(await databaseExists(fixture.database)).toBe(true);

    await fixture.cleanup();

    expect(await databaseExists(fixture.database)).toBe(false);
    await lingering.end().catch(() => undefined);
  });
});
