import { createDatabase, type Database } from '@kirogate/db';
import { createPlatform } from '@kirogate/platform';
import { describeWithServices, getTestPostgres, type TestPostgres } from '@kirogate/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SiteSettings } from '../src/site/site-settings.ts';

/**
 * The site snapshot is republished every minute. On the embedded server each pooled connection is a
 * Postgres process (~15 MB) for as long as it idles, so the tick must not fan out over the pool.
 */
describeWithServices('site snapshot republish', { postgres: true }, () => {
  let postgres: TestPostgres;
  let database: Database;

  beforeAll(async () => {
    postgres = (await getTestPostgres()) as TestPostgres;
    database = await createDatabase({ databaseUrl: postgres.url, dataDir: '/nonexistent' });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await postgres?.cleanup();
  });

  it('reads its three parts over one connection', async () => {
    const platform = createPlatform({ keyPrefix: 'site-publish-test' });
    const site = new SiteSettings(database.db, platform.cache, platform.pubsub);
    const snapshot = await site.publish();
    expect(snapshot).toMatchObject({ siteEnabled: true, blacklist: [] });

    const probe = new pg.Client({ connectionString: postgres.url });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ count: string }>(
        'select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(Number(rows[0]!.count)).toBe(1);
    } finally {
      await probe.end();
      await platform.close();
    }
  });
});
