import type { CredentialAdmin } from '@kirogate/contracts';
import type { Db } from '@kirogate/db';
import { applyImport, type ImportOutcome } from './apply-import.ts';
import { kirogateFernetKey } from './fernet.ts';
import { formatImportReport } from './format-import-report.ts';
import { planImport } from './plan-import.ts';
import { readKirogateDatabase } from './read-kirogate-database.ts';

/** The Python KiroGate's default `TOKEN_ENCRYPT_KEY`, used when the operator never changed it. */
export const kirogateDefaultEncryptKey = 'kirogate_token_encrypt_key_32b!';

export interface ImportKirogateOptions {
  usersDbPath: string;
  metricsDbPath?: string | undefined;
  /**
   * Opened once the seed's files are read and its tokens opened, so a bad file or key fails first: our
   * database, and the token broker's admin that stores the tokens (sealed with its key).
   */
  open: () => Promise<{ db: Db; credentials: Pick<CredentialAdmin, 'adopt'> }>;
  /** The seed's `TOKEN_ENCRYPT_KEY`; its default when undefined. */
  legacyEncryptKey?: string | undefined;
  region: string;
  dryRun: boolean;
}

/** Reads the seed's files, opens its tokens, writes (or, dry, rehearses) the import; returns the report. */
export async function importKirogate(
  options: ImportKirogateOptions,
): Promise<{ outcome: ImportOutcome; report: string }> {
  const data = readKirogateDatabase(options.usersDbPath, options.metricsDbPath);
  const plan = planImport(data, kirogateFernetKey(options.legacyEncryptKey ?? kirogateDefaultEncryptKey));
  const { db, credentials } = await options.open();
  const outcome = await applyImport(db, credentials, plan, {
    region: options.region,
    dryRun: options.dryRun,
  });
  const notes = [
    `from ${options.usersDbPath}${options.metricsDbPath ? ` and ${options.metricsDbPath}` : ' (no metrics.db given: IP blacklist and site settings not read)'}`,
    ...(options.legacyEncryptKey === undefined
      ? ["LEGACY_TOKEN_ENCRYPT_KEY unset: the seed's default key opened its tokens"]
      : []),
  ];
  return { outcome, report: formatImportReport(outcome, notes) };
}
