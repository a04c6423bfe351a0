/**
 * The one-shot migration job (compose service, Kubernetes Job, `npm run migrate -w @kirogate/db`):
 * applies pending migrations to `DATABASE_URL`, or to the embedded Postgres server in `DATA_DIR`, and exits 0 or 1.
 */
import { loadConfig, observabilityFragment, postgresFragment } from '@kirogate/config';
import { createLogger } from '@kirogate/observability';
import { z } from 'zod';
import { createDatabase, type Database } from './create-database.ts';

const config = loadConfig(
  z.object({ ...postgresFragment, ...observabilityFragment, SERVICE_NAME: z.string().default('migrate') }),
);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const kind = config.DATABASE_URL === undefined ? 'embedded' : 'postgres';

let database: Database | undefined;
try {
  database = await createDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: 1,
    onPoolError: (error) => logger.warn({ err: error }, 'idle postgres connection failed'),
  });
  const { applied } = await database.migrate();
  logger.info({ kind, applied }, applied.length === 0 ? 'schema up to date' : 'migrations applied');
} catch (error) {
  logger.error({ err: error, kind }, 'migration failed');
  process.exitCode = 1;
} finally {
  await database?.close();
}
