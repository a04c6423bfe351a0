import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { killOnExit } from './node-service.ts';

const run = promisify(execFile);

/** Debian's server binaries (`postgresql-NN`), newest version first; undefined when none is installed. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('running as root needs a `postgres` OS user to run the Postgres server as');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throw-away Postgres server of the run's own (data in a temporary directory, loopback only, trust
 * auth), so a fault can restart it without touching anybody else's database.
 */
export class PostgresServer {
  readonly port: number;
  readonly #bin: string;
  readonly #dir: string;
  readonly #user: { uid: number; gid: number } | undefined;
  #child: ChildProcess | undefined;

  private constructor(bin: string, port: number) {
    this.#bin = bin;
    this.port = port;
    this.#user = serverUser();
    this.#dir = mkdtempSync(join(tmpdir(), 'kirogate-chaos-pg-'));
    if (this.#user) chownSync(this.#dir, this.#user.uid, this.#user.gid);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(port: number): Promise<PostgresServer> {
    const bin = findPostgresBin();
    if (!bin) throw new Error('no Postgres server binaries under /usr/lib/postgresql/*/bin');
    const server = new PostgresServer(bin, port);
    await run(
      join(bin, 'initdb'),
      ['-D', join(server.#dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'],
      { ...(server.#user ?? {}), cwd: server.#dir },
    );
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const child = spawn(
      join(this.#bin, 'postgres'),
      [
        '-D',
        join(this.#dir, 'data'),
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.#dir}`,
        // A throw-away database on a shared machine: durability against power loss is not under test.
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      { ...(this.#user ?? {}), cwd: this.#dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    void killOnExit(child);
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_096);
    });
    for (let waited = 0; ; waited += 100) {
      if (child.exitCode !== null) throw new Error(`postgres exited during start-up:\n${log}`);
      if (await this.#accepts()) return;
      if (waited > 60_000) throw new Error(`postgres did not accept connections within 60 s:\n${log}`);
      await sleep(100);
    }
  }

  /** Fast shutdown (SIGINT: sessions are cut, the checkpoint is written), as `pg_ctl restart -m fast`. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #accepts(): Promise<boolean> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
