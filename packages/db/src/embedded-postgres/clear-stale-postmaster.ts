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
  if (!(await isAlive(pid))) return 'stale-pid-file';
  await rm(pidFile, { force: true });
  return 'reused-pid-file';
}

async function isOurServer(pid: number, binary: string, directory: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv[0] === binary && argv.includes(directory);
  } catch {
    return process.platform !== 'linux' && (await isAlive(pid));
  }
}

/**
 * Whether `pid` names a running process. A zombie (killed, not yet reaped by its parent: the
 * server we spawned ourselves and SIGKILLed, until Node's child watcher reaps it, or one whose
 * parent never reaps) answers signal 0 like a live process but holds nothing, so it counts as dead.
 */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return (await processState(pid)) !== 'Z';
}

/** The state letter from /proc/<pid>/stat (after the parenthesised command name), if readable. */
async function processState(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
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
      if (!(await isAlive(pid))) return;
      await sleep(50);
    }
  }
  throw new Error(`The orphaned embedded Postgres server (pid ${pid}) did not stop`);
}
