import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning, killProcessTree } from '@kirogate/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinaries, reachableBinaries } from '../src/embedded-postgres/postgres-binaries.ts';
import { serverAccount } from '../src/embedded-postgres/server-account.ts';
import { startEmbeddedPostgres } from '../src/embedded-postgres/start-embedded-postgres.ts';

const isRoot = process.getuid?.() === 0;

describe('embedded Postgres server', () => {
  let dataDir: string;
  let directory: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kg-embedded-pg-'));
    directory = join(dataDir, 'postgres');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  async function query<Row>(connection: pg.PoolConfig, text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new pg.Client(connection);
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  it('keeps committed rows through a SIGKILL of the server and all its processes, and starts on the stale pid file', async () => {
    const first = await startEmbeddedPostgres({ directory });
    expect(first.recovered).toBe('none');
    await query(first.connection, 'CREATE TABLE IF NOT EXISTS crash (id int PRIMARY KEY)');
    for (let id = 1; id <= 50; id++) await query(first.connection, 'INSERT INTO crash VALUES ($1)', [id]);

    const killed = killProcessTree(first.pid);
    expect(killed.length).toBeGreaterThan(1);
    // A restart after a crash: SIGKILL is not instant on a busy machine, and a process still dying
    // (its command line still readable) would rightly be taken for an orphan of this directory.
    await expect.poll(() => killed.filter(isRunning)).toEqual([]);
    await expect.poll(() => readFile(join(directory, 'postmaster.pid'), 'utf8')).toContain(String(first.pid));

    const second = await startEmbeddedPostgres({ directory });
    try {
      expect(second.recovered).toBe('stale-pid-file');
      const rows = await query<{ n: number }>(second.connection, 'SELECT count(*)::int AS n FROM crash');
      expect(rows[0]?.n).toBe(50);
    } finally {
      await second.stop();
    }
  });

  it('starts when the stale pid file names a live process that is not its server (a reused pid)', async () => {
    const first = await startEmbeddedPostgres({ directory });
    const killed = killProcessTree(first.pid);
    await expect.poll(() => killed.filter(isRunning)).toEqual([]);
    const pidFile = join(directory, 'postmaster.pid');
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    lines[0] = String(process.pid);
    await writeFile(pidFile, lines.join('\n'));

    const second = await startEmbeddedPostgres({ directory });
    try {
      expect(second.recovered).toBe('reused-pid-file');
      expect(await query(second.connection, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await second.stop();
    }
  });

  it('stops an orphaned server of the same directory before starting its own', async () => {
    const exits: Error[] = [];
    const orphan = await startEmbeddedPostgres({ directory, onExit: (reason) => exits.push(reason) });
    const next = await startEmbeddedPostgres({ directory });
    try {
      expect(next.recovered).toBe('orphan-stopped');
      expect(next.pid).not.toBe(orphan.pid);
      expect(exits).toHaveLength(1);
      expect(await query(next.connection, 'SELECT count(*)::int AS n FROM crash')).toEqual([{ n: 50 }]);
    } finally {
      await next.stop();
    }
  });

  it('serves only through a Unix socket and with a password', async () => {
    const server = await startEmbeddedPostgres({ directory });
    try {
      const settings = await query<{ name: string; setting: string }>(
        server.connection,
        "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'fsync', 'synchronous_commit') ORDER BY name",
      );
      expect(settings).toEqual([
        { name: 'fsync', setting: 'on' },
        { name: 'listen_addresses', setting: '' },
        { name: 'synchronous_commit', setting: 'on' },
      ]);
      await expect(query({ ...server.connection, password: 'wrong' }, 'SELECT 1')).rejects.toThrow(
        /password authentication failed/,
      );
    } finally {
      await server.stop();
    }
  });

  it.runIf(isRoot)('runs as nobody when started by root', async () => {
    const server = await startEmbeddedPostgres({ directory });
    try {
      const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
      expect(status).toMatch(/^Uid:\s+65534\s/m);
    } finally {
      await server.stop();
    }
  });

  it.runIf(isRoot)(
    'copies the binaries where nobody can run them when the checkout is out of reach',
    async () => {
      const installed = await findPostgresBinaries();
      const native = join(installed.postgres, '..', '..');
      const hidden = join(dataDir, 'hidden');
      await mkdir(hidden, { mode: 0o700 });
      await cp(native, join(hidden, 'native'), { recursive: true, verbatimSymlinks: true });
      const unreachable = {
        initdb: join(hidden, 'native', 'bin', 'initdb'),
        postgres: join(hidden, 'native', 'bin', 'postgres'),
      };
      // The cache sits in DATA_DIR, which the server's account may pass through.
      await chmod(dataDir, 0o711);
      const cache = join(dataDir, 'cache');
      await mkdir(cache, { mode: 0o711 });
      const account = serverAccount();
      const usable = await reachableBinaries(unreachable, account, cache);
      expect(usable.postgres.startsWith(cache)).toBe(true);
      const [command, ...args] = [...account.launcher, usable.postgres, '--version'];
      expect(execFileSync(command!, args, { encoding: 'utf8' })).toMatch(/^postgres \(PostgreSQL\) \d+/);
    },
  );

  it.runIf(isRoot)('names the directory the server account cannot enter', async () => {
    const closed = join(dataDir, 'closed');
    await mkdir(join(closed, 'data'), { recursive: true, mode: 0o700 });
    await expect(startEmbeddedPostgres({ directory: join(closed, 'data', 'postgres') })).rejects.toThrow(
      new RegExp(`cannot enter ${closed} \\(mode 700\\)`),
    );
  });
});
