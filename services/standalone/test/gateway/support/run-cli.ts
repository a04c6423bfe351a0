import { spawn } from 'node:child_process';

export interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The `killAfterMs` bound ended it. */
  killed: boolean;
  stdout: string;
  stderr: string;
}

/**
 * A client CLI (Claude Code, Codex) run to its end with exactly `env`, in its own process group so
 * that the bound also ends the shells it started for tools. The bound is a guard, not an assertion.
 */
export function runCli(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; killAfterMs: number },
): Promise<CliRun> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, options.killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, killed, stdout, stderr });
    });
  });
}
