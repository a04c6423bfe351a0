import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { clearStalePostmaster, type StalePostmaster } from './clear-stale-postmaster.ts';
import { findPostgresBinaries } from './postgres-binaries.ts';
import { assertReachable, type ServerAccount, serverAccount } from './server-account.ts';

export interface EmbeddedPostgresOptions {
  /** The server's data directory; created (initdb) on first start. */
  directory: string;
  /** The server exited while it should have been running. */
  onExit?: (reason: Error) => void;
}

export interface EmbeddedPostgres {
  /** node-postgres settings that reach the server (a Unix socket inside its data directory). */
  connection: pg.PoolConfig;
  pid: number;
  /** What start-up found of an earlier server that did not stop cleanly. */
  recovered: StalePostmaster;
  /** Fast shutdown (open transactions roll back, a checkpoint is written), SIGKILL after 30 s. */
  stop(): Promise<void>;
}

export const embeddedDatabaseName = 'kirogate';
const superuser = 'kirogate';
/** Only names the socket file: the server listens on no TCP port. */
const socketPort = 5432;
/** sun_path holds 108 bytes with its terminating NUL. */
const maxSocketPath = 107;

/**
 * A small server for one gateway: about 45 MB summed RSS idle (ADR 0004). Every setting that makes
 * it small is here rather than in postgresql.conf, so an upgrade of KiroGate applies them.
 */
const serverSettings: Record<string, string> = {
  listen_addresses: '',
  unix_socket_permissions: '0700',
  shared_buffers: '16MB',
  max_connections: '12',
  // Postgres 18's default io_method=worker starts three I/O processes.
  io_method: 'sync',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '256MB',
  min_wal_size: '32MB',
  max_worker_processes: '2',
  max_parallel_workers: '0',
  max_parallel_workers_per_gather: '0',
  max_logical_replication_workers: '0',
  autovacuum_max_workers: '1',
  huge_pages: 'off',
  // Durability stays Postgres's default: a commit is on disk before it is acknowledged.
  fsync: 'on',
  synchronous_commit: 'on',
  log_min_messages: 'warning',
};

/**
 * A real Postgres server, from the npm registry's binaries, as a child process with its files in
 * `directory`: created on first start, recovered by Postgres from its WAL after a crash.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const directory = resolve(options.directory);
  const socketPath = join(directory, `.s.PGSQL.${socketPort}`);
  if (socketPath.length > maxSocketPath) {
    throw new Error(
      `DATA_DIR is too deep for the embedded database's Unix socket (${socketPath.length} > ${maxSocketPath} characters): use a shorter path`,
    );
  }
  const binaries = await findPostgresBinaries();
  const account = serverAccount();
  await prepareParent(dirname(directory), account);
  assertReachable(directory, account);
  const password = await loadOrCreatePassword(`${directory}.password`);
  if (!(await exists(join(directory, 'PG_VERSION')))) {
    await initialise(binaries.initdb, directory, password, account);
  }
  const recovered = await clearStalePostmaster(directory, binaries.postgres);
  const connection: pg.PoolConfig = {
    host: directory,
    port: socketPort,
    user: superuser,
    password,
    database: embeddedDatabaseName,
  };
  const server = await launchWithRetries(binaries.postgres, directory, account, connection);
  let stopping = false;
  server.child.once('exit', (code, signal) => {
    if (!stopping) {
      options.onExit?.(
        new Error(`The embedded Postgres server exited (${signal ?? `code ${code}`}): ${server.output()}`),
      );
    }
  });
  return {
    connection,
    pid: server.child.pid ?? -1,
    recovered,
    stop: async () => {
      if (stopping) return;
      stopping = true;
      await stopChild(server.child);
    },
  };
}

/** DATA_DIR itself: created, and when root owns it, passable (not listable) by the server's account. */
async function prepareParent(parent: string, account: ServerAccount): Promise<void> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  if (account.reason === undefined) return;
  const stats = await stat(parent);
  if (stats.uid === process.getuid?.() && !(stats.mode & 0o001)) await chmod(parent, stats.mode | 0o001);
}

async function loadOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(24).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/**
 * initdb into a sibling directory that is renamed into place when complete, so a crash during the
 * first start leaves no half-made cluster behind (the next start begins again).
 */
async function initialise(initdb: string, directory: string, password: string, account: ServerAccount) {
  const building = `${directory}.initdb`;
  const passwordFile = `${directory}.initdb-password`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { mode: 0o700 });
  await writeFile(passwordFile, password, { mode: 0o600 });
  try {
    await chown(building, account.uid, account.gid);
    await chown(passwordFile, account.uid, account.gid);
    const [command, ...args] = [
      ...account.launcher,
      initdb,
      `--pgdata=${building}`,
      `--username=${superuser}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      // One syncfs instead of an fsync per file: the first start is a second faster.
      ...(process.platform === 'linux' ? ['--sync-method=syncfs'] : []),
    ];
    const child = spawn(command!, args, { cwd: dirname(directory), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child);
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`initdb of the embedded database failed (code ${code}): ${output()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
  await rm(directory, { recursive: true, force: true });
  await rename(building, directory);
}

/**
 * Right after a crash the dead server's backends may still be leaving its shared memory; Postgres
 * then refuses to start (rightly: two servers must never write the same files) and a retry works.
 */
async function launchWithRetries(
  binary: string,
  directory: string,
  account: ServerAccount,
  connection: pg.PoolConfig,
): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(binary, directory, account, connection);
    } catch (error) {
      if (attempt >= 10 || !/still in use|already exists/.test((error as Error).message)) throw error;
      await sleep(500);
    }
  }
}

interface Launched {
  child: ChildProcess;
  output: () => string;
}

async function launch(
  binary: string,
  directory: string,
  account: ServerAccount,
  connection: pg.PoolConfig,
): Promise<Launched> {
  const settings = { ...serverSettings, unix_socket_directories: directory };
  const [command, ...args] = [
    ...account.launcher,
    binary,
    '-D',
    directory,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  // The server's own log goes to its stderr; the last lines explain a failed start or a crash. Its
  // own process group keeps a terminal's Ctrl+C from stopping it while the gateway still drains.
  const child = spawn(command!, args, {
    cwd: dirname(directory),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output = collectOutput(child);
  let exited: Error | undefined;
  child.once('exit', (code, signal) => {
    exited = new Error(
      `The embedded Postgres server did not start (${signal ?? `code ${code}`}): ${output()}`,
    );
  });
  // Start-up includes WAL recovery after a crash; a minute is generous even on a loaded machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw exited;
    try {
      await ensureDatabase(connection);
      return { child, output };
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The embedded Postgres server did not accept connections: ${output()}`, {
          cause: error,
        });
      }
      await sleep(50);
    }
  }
}

/** Connects as the superuser and creates the gateway's database on the first start. */
async function ensureDatabase(connection: pg.PoolConfig): Promise<void> {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [embeddedDatabaseName]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${embeddedDatabaseName}`);
  } finally {
    await client.end();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // setpriv execs the server, so the child is the server itself.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps the last few KiB a child wrote to stderr. */
function collectOutput(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  return () => tail.trim();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
