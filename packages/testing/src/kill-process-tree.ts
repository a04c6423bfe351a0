import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every process below it, parents first; read from /proc (Linux). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const siblings = children.get(parent) ?? [];
    siblings.push(Number(entry));
    children.set(parent, siblings);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/**
 * SIGKILLs `pid` and all its descendants at once, as a power cut or the OOM killer of a container
 * would: stopping them first (SIGSTOP) keeps any of them from reacting to another's death.
 */
export function killProcessTree(pid: number): number[] {
  const tree = processTree(pid);
  for (const member of tree) signal(member, 'SIGSTOP');
  for (const member of tree) signal(member, 'SIGKILL');
  return tree;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Whether `pid` is a process that has not died: gone, or a zombie waiting to be reaped, is not running. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
