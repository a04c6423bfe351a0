import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** How to start the `claude` CLI: the native binary, or Node running the package's fallback launcher. */
export interface ClaudeCodeCommand {
  command: string;
  args: string[];
  version: string;
}

export type ClaudeCodeLookup = { found: ClaudeCodeCommand } | { unavailable: string };

/**
 * Finds a `claude` that actually runs here. The npm package's postinstall copies the platform
 * package's native binary over `bin/claude.exe`; when install scripts were skipped that file is a stub
 * and `cli-wrapper.cjs` finds the platform binary instead. Each candidate must answer `--version`.
 */
export function findClaudeCode(): ClaudeCodeLookup {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('@anthropic-ai/claude-code/package.json'));
  } catch (error) {
    return { unavailable: `@anthropic-ai/claude-code is not installed (${String(error)})` };
  }
  const candidates = [
    { command: join(packageDir, 'bin', 'claude.exe'), args: [] },
    { command: process.execPath, args: [join(packageDir, 'cli-wrapper.cjs')] },
  ];
  const failures: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'claude-code-probe-'));
  try {
    for (const candidate of candidates) {
      const probe = spawnSync(candidate.command, [...candidate.args, '--version'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
      const version = probe.stdout?.trim() ?? '';
      if (probe.status === 0 && version.includes('Claude Code')) return { found: { ...candidate, version } };
      const why = probe.error?.message ?? `exit ${probe.status ?? probe.signal}: ${probe.stderr?.trim()}`;
      failures.push(`${[candidate.command, ...candidate.args].join(' ')} --version: ${why.slice(0, 300)}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return {
    unavailable: `no runnable claude binary on ${process.platform}-${process.arch}: ${failures.join('; ')}`,
  };
}
