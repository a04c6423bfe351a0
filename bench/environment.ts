import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';

export interface BenchEnvironment {
  node: string;
  undici: string;
  cpuModel: string;
  cpus: number;
  memoryBytes: number;
  kernel: string;
  commit: string;
  /** Tracked files differ from the commit (other engineers' work in progress counts too). */
  dirty: boolean;
  loadAverage1m: number;
}

export function readEnvironment(repoRoot: string): BenchEnvironment {
  return {
    node: process.version,
    undici: packageVersion(repoRoot, 'undici'),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(safeRead('/proc/cpuinfo'))?.[1]?.trim() ?? 'unknown',
    cpus: availableParallelism(),
    memoryBytes: totalmem(),
    kernel: release(),
    commit: git(repoRoot, ['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(repoRoot, ['status', '--porcelain', '--untracked-files=no']) !== '',
    loadAverage1m: loadavg()[0]!,
  };
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function packageVersion(repoRoot: string, name: string): string {
  try {
    const manifest = JSON.parse(safeRead(`${repoRoot}/node_modules/${name}/package.json`)) as {
      version?: string;
    };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
