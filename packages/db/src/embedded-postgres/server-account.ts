import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The account the Postgres server runs under, and how to start a program as it. */
export interface ServerAccount {
  uid: number;
  gid: number;
  /** Prepended to the server's command line: drops root and ties the server's life to ours. */
  launcher: string[];
  /** Why the server does not run as this process's own user; undefined when it does. */
  reason?: string;
}

const setpriv = '/usr/bin/setpriv';
const nobody = { name: 'nobody', uid: 65_534, gid: 65_534 };

/**
 * Postgres refuses to run as root, so when this process is root the server runs as `nobody`
 * (setpriv drops the ids). setpriv also asks the kernel to send the server SIGTERM when its parent
 * dies, so a gateway killed with -9 does not leave an orphan server holding the data directory.
 * Without setpriv (not Linux) the server runs as this process's user and an orphan is cleared on the
 * next start instead (see clearStalePostmaster).
 */
export function serverAccount(): ServerAccount {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  const hasSetpriv = existsSync(setpriv);
  const deathSignal = hasSetpriv ? [setpriv, '--pdeathsig', 'TERM'] : [];
  if (uid !== 0) return { uid, gid, launcher: deathSignal.length > 0 ? [...deathSignal, '--'] : [] };
  if (!hasSetpriv) {
    throw new Error(
      'The embedded database (Postgres) cannot run as root and setpriv is not installed to drop to ' +
        'an unprivileged user: run KiroGate as a non-root user, or set DATABASE_URL.',
    );
  }
  const account = lookUpNobody();
  return {
    uid: account.uid,
    gid: account.gid,
    launcher: [...deathSignal, `--reuid=${account.uid}`, `--regid=${account.gid}`, '--clear-groups', '--'],
    reason: `Postgres refuses to run as root, so the embedded database runs as user ${account.name}`,
  };
}

function lookUpNobody(): typeof nobody {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid, gid] = line.split(':');
      if (name === nobody.name && uid !== undefined && gid !== undefined) {
        return { name, uid: Number(uid), gid: Number(gid) };
      }
    }
  } catch {
    // No readable passwd file: the conventional ids.
  }
  return nobody;
}

/**
 * The server chdirs into its data directory by path, so every directory above it must let the
 * server's account through. Fails naming the first one that does not, instead of Postgres's
 * "Permission denied" from deep inside its start-up.
 */
export function assertReachable(directory: string, account: ServerAccount): void {
  if (account.uid === process.getuid?.()) return;
  let current = dirname(resolve(directory));
  for (;;) {
    const stats = statSync(current);
    const through =
      stats.uid === account.uid
        ? stats.mode & 0o100
        : stats.gid === account.gid
          ? stats.mode & 0o010
          : stats.mode & 0o001;
    if (!through) {
      throw new Error(
        `${account.reason}, which cannot enter ${current} (mode ${(stats.mode & 0o777).toString(8)}). ` +
          'Let others through the directories above DATA_DIR (chmod o+x), run KiroGate as a non-root ' +
          'user, or set DATABASE_URL.',
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
