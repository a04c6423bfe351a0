import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '@kirogate/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearStalePostmaster, isAlive } from './clear-stale-postmaster.ts';

/**
 * A process killed and never reaped: `sh` starts a background `sleep`, prints its pid, and execs a
 * second `sleep` that never waits for it. Killing the background one leaves it a zombie.
 */
async function spawnZombieParent(): Promise<{ parent: ChildProcess; zombie: number }> {
  const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [printed] = await once(parent.stdout, 'data');
  const zombie = Number(String(printed).trim());
  process.kill(zombie, 'SIGKILL');
  return { parent, zombie };
}

describe.runIf(process.platform === 'linux')('clearStalePostmaster', () => {
  let directory: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kg-stale-postmaster-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });

  const pidFile = () => join(directory, 'postmaster.pid');
  const writePidFile = (pid: number) => writeFile(pidFile(), `${pid}\n${directory}\n1700000000\n5432\n`);

  it('treats a killed server its parent has not reaped yet (a zombie) as dead, and leaves the pid file to Postgres', async () => {
    const { parent, zombie } = await spawnZombieParent();
    children.push(parent);
    // Not running, yet signal 0 still reaches it: a zombie.
    await expect.poll(() => isRunning(zombie)).toBe(false);
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(await isAlive(zombie)).toBe(false);

    await writePidFile(zombie);
    expect(await clearStalePostmaster(directory, '/nonexistent/postgres')).toBe('stale-pid-file');
    expect(await readFile(pidFile(), 'utf8')).toContain(String(zombie));
  });

  it('removes a pid file naming a live process that is not its server', async () => {
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(stranger);
    expect(await isAlive(stranger.pid!)).toBe(true);

    await writePidFile(stranger.pid!);
    expect(await clearStalePostmaster(directory, '/nonexistent/postgres')).toBe('reused-pid-file');
    await expect(readFile(pidFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('removes an empty pid file left by a server that died while starting', async () => {
    await writeFile(pidFile(), '');
    expect(await clearStalePostmaster(directory, '/nonexistent/postgres')).toBe('stale-pid-file');
    await expect(readFile(pidFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('reports none without a pid file', async () => {
    expect(await clearStalePostmaster(directory, '/nonexistent/postgres')).toBe('none');
  });
});
