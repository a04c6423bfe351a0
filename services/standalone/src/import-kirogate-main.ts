/**
 * `npm run import-kirogate -- [--dry-run] <users.db> [<metrics.db>]`: moves users, identities, API and
 * import keys, donated tokens, announcements, IP blacklist and site switches over from the Python
 * KiroGate. The database is found as `npm start` finds it (DATABASE_URL, else the embedded server in
 * DATA_DIR) and migrated first. Tokens go through their owner, the token broker, composed here in-process
 * over the same database (no running broker needed): it seals them with TOKEN_ENCRYPT_KEY, else
 * DATA_DIR's generated key. The reading and planning live in user-service; this is the composition root.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  kiroFragment,
  loadConfig,
  postgresFragment,
  secret,
  secretsFragment,
} from '@kirogate/config';
import {
  createDatabase,
  createKeyring,
  type Database,
  type Db,
  deriveEncryptionKey,
  type Keyring,
  loadOrCreateStandaloneKey,
} from '@kirogate/db';
import { type KiroClientSettings, kiroClientFromConfig } from '@kirogate/kiro';
import { createPlatform } from '@kirogate/platform';
import { CredentialPoolAdmin, DrizzleCredentialStore, TokenBroker } from '@kirogate/token-broker';
import { importKirogate, KirogateFileError, LegacySecretError } from '@kirogate/user-service';
import { z } from 'zod';

const usage = 'usage: npm run import-kirogate -- [--dry-run] <users.db> [<metrics.db>]';

const configSchema = z.object({
  ...postgresFragment,
  TOKEN_ENCRYPT_KEY: secretsFragment.TOKEN_ENCRYPT_KEY,
  KIRO_REGION: kiroFragment.KIRO_REGION,
  KIRO_API_URL: kiroFragment.KIRO_API_URL,
  KIRO_AUTH_URL: kiroFragment.KIRO_AUTH_URL,
  KIRO_OIDC_URL: kiroFragment.KIRO_OIDC_URL,
  KIRO_IDE_VERSION: kiroFragment.KIRO_IDE_VERSION,
  /** The Python KiroGate's TOKEN_ENCRYPT_KEY (any string, as it took any); its default when unset. */
  LEGACY_TOKEN_ENCRYPT_KEY: secret(z.string().optional()),
  /** Where `npm run` was called from (npm runs scripts in the repository root): file paths are relative to it. */
  INIT_CWD: z.string().optional(),
});

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const [usersDbPath, metricsDbPath, ...extra] = args.positionals;
  if (args.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (usersDbPath === undefined || extra.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let database: Database | undefined;
  try {
    const config = loadConfig(configSchema);
    if (config.DATABASE_URL === undefined) await refuseWhileEmbeddedServerRuns(config.DATA_DIR);
    const base = config.INIT_CWD ?? process.cwd();
    const { report } = await importKirogate({
      usersDbPath: resolve(base, usersDbPath),
      metricsDbPath: metricsDbPath === undefined ? undefined : resolve(base, metricsDbPath),
      open: async () => {
        database = await createDatabase({
          databaseUrl: config.DATABASE_URL,
          dataDir: config.DATA_DIR,
          poolMax: 2,
        });
        // The schema only, as every start does; the data is written (or, dry, rolled back) by the import.
        await database.migrate();
        const keyring = createKeyring(
          config.TOKEN_ENCRYPT_KEY
            ? deriveEncryptionKey(config.TOKEN_ENCRYPT_KEY)
            : await loadOrCreateStandaloneKey(config.DATA_DIR),
        );
        return {
          db: database.db,
          credentials: credentialAdmin(database.db, keyring, config),
        };
      },
      legacyEncryptKey: config.LEGACY_TOKEN_ENCRYPT_KEY,
      region: config.KIRO_REGION,
      dryRun: args.values['dry-run'],
    });
    process.stdout.write(report);
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof EmbeddedServerRunning ||
      error instanceof KirogateFileError ||
      error instanceof LegacySecretError
    ) {
      process.stderr.write(`import-kirogate: ${error.message}\nNo data was written.\n`);
      return 1;
    }
    throw error;
  } finally {
    await database?.close();
  }
}

/**
 * The token broker's pool admin over the database, without serving: `adopt` seals and stores, never
 * calling Kiro. Its scheduler state is in-process, so brokers running elsewhere on this database see
 * the new tokens at their next pool reload (at most 30 s), not at once.
 */
function credentialAdmin(db: Db, keyring: Keyring, config: KiroClientSettings): CredentialPoolAdmin {
  const region = config.KIRO_REGION;
  const store = new DrizzleCredentialStore({ db, keyring });
  const platform = createPlatform({ keyPrefix: 'import-kirogate' });
  const kiro = kiroClientFromConfig(config, { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 });
  const broker = new TokenBroker({
    store,
    refresh: (credential) => kiro.refreshAccessToken(credential),
    locker: platform.locker,
    cache: platform.cache,
    refreshMarginMs: 0,
    ownTokenDefaults: { region },
    maxInFlightPerCredential: 1,
  });
  return new CredentialPoolAdmin({ store, broker, kiro, acceptsDonations: true, defaultRegion: region });
}

/**
 * The embedded server serves one process: starting a second one on DATA_DIR would stop the running
 * KiroGate's server as if it were left over from a crash.
 */
async function refuseWhileEmbeddedServerRuns(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(
      (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '',
      10,
    );
  } catch {
    return;
  }
  try {
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 0);
    else return;
  } catch {
    return;
  }
  throw new EmbeddedServerRunning(
    `the embedded database in ${dataDir} is in use (server pid ${pid}): stop KiroGate, then run the import ` +
      '(after a crash, start and stop KiroGate once to clean up)',
  );
}

class EmbeddedServerRunning extends Error {}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
}

process.exitCode = await main();
