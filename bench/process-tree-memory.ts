import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** How many processes the tree had when it was read. */
  processes: number;
  /** RSS summed over the tree: what `ps` and `top` show added up (shared pages counted in each). */
  rssBytes: number;
  /** Proportional set size summed: each shared page split between its users, so nothing twice. */
  pssBytes: number;
  /** Per process, largest first: `<command> <RSS MB>`. */
  members: string[];
}

/** `root` and every process below it, read from /proc (Linux). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; the fields after the last ')' do not.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Exited while listing.
    }
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]!) ?? []));
  return tree;
}

/** RSS and PSS of every process in the tree under `root`, from `smaps_rollup`. */
export function readTreeMemory(root: number): TreeMemory {
  let rssBytes = 0;
  let pssBytes = 0;
  const members: Array<{ name: string; rss: number }> = [];
  for (const pid of processTree(root)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const rss = Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      const name = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 2).join(' ');
      rssBytes += rss;
      pssBytes += pss;
      members.push({ name: name.length > 60 ? `${name.slice(0, 57)}...` : name, rss });
    } catch {
      // Exited while reading: it holds nothing any more.
    }
  }
  members.sort((a, b) => b.rss - a.rss);
  return {
    processes: members.length,
    rssBytes,
    pssBytes,
    members: members.map((member) => `${member.name} ${(member.rss / 1e6).toFixed(1)} MB`),
  };
}
