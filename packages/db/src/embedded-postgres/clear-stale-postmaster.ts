import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type StalePostmaster = 'none' | 'stale-pid-file' | 'reused-pid-file' | 'orphan-stopped';

/**
 * Makes way for a new server in `directory` after a crash. A gateway killed with -9 leaves
 * `postmaster.pid` behind, and on a platform without a parent-death signal the server itself may
 * live on as an orphan:
 * - an orphan of ours (a `postgres` program serving this very directory) is stopped with an
 *   immediate shutdown;
 * - a pid file naming a dead process is left to Postgres, which removes it after checking that no
 *   backend of the dead server still uses its shared memory;
 * - a pid file naming a live process that is not our server (the pid was reused, e.g. in a
 *   restarted container) is removed, since Postgres would refuse to start while that pid lives.
 * WAL recovery on start does the rest.
 */
export async function clearStalePostmaster(directory: string, binary: string): Promise<StalePostmaster> {
  const pidFile = join(directory, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return 'none';
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    // Empty or torn: written by a server that crashed while starting; Postgres would refuse it.
    await rm(pidFile, { force: true });
    return 'stale-pid-file';
  }
  if (await isOurServer(pid, binary, directory)) {
    await stopProcess(pid);
    return 'orphan-stopped';
  }
  if (!isAlive(pid)) return 'stale-pid-file';
  await rm(pidFile, { force: true });
  return 'reused-pid-file';
}

async function isOurServer(pid: number, binary: string, directory: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv[0] === binary && argv.includes(directory);
  } catch {
    return isAlive(pid) && process.platform !== 'linux';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGQUIT (Postgres's immediate shutdown), then SIGKILL if it lingers. */
async function stopProcess(pid: number): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGQUIT', 10_000],
    ['SIGKILL', 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs; waited += 50) {
      if (!isAlive(pid)) return;
      await sleep(50);
    }
  }
  throw new Error(`The orphaned embedded Postgres server (pid ${pid}) did not stop`);
}
