import { spawn } from 'node:child_process';
import type { ClaudeCodeCommand } from './find-claude-code.ts';

export interface ClaudeCodeRunOptions {
  prompt: string;
  baseUrl: string;
  apiKey: string;
  /** A fresh, empty HOME: no login, settings, history or plugins of whoever runs the tests. */
  home: string;
  /** Claude Code keeps per-session state under `$TMPDIR/claude-<uid>`. */
  tmp: string;
  cwd: string;
  extraArgs?: string[];
  /** The whole process group is killed after this long; a bound, not an assertion. */
  killAfterMs: number;
}

/** `claude -p --output-format json` prints one `type: "result"` object. */
export interface ClaudeCodeResult {
  type: 'result';
  subtype: string;
  is_error: boolean;
  result?: string;
  num_turns: number;
  stop_reason?: string;
  permission_denials?: unknown[];
}

export interface ClaudeCodeRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  stdout: string;
  stderr: string;
  /** The parsed stdout, when it was the JSON result. */
  output?: ClaudeCodeResult;
}

/**
 * Runs headless Claude Code against `baseUrl` offline: the environment is built from nothing (no
 * proxy settings, credentials or `CLAUDE*` variables leak in from the caller), and everything that
 * phones home besides the model calls is switched off.
 */
export function runClaudeCode(
  claude: ClaudeCodeCommand,
  options: ClaudeCodeRunOptions,
): Promise<ClaudeCodeRun> {
  const args = [
    ...claude.args,
    '-p',
    options.prompt,
    '--output-format',
    'json',
    ...(options.extraArgs ?? []),
  ];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    TMPDIR: options.tmp,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: options.apiKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  };
  // Its own process group, so a timeout also ends the shells Claude Code started for tools.
  const child = spawn(claude.command, args, {
    cwd: options.cwd,
    env,
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
      resolve({ exitCode, signal, killed, stdout, stderr, ...parseResult(stdout) });
    });
  });
}

function parseResult(stdout: string): { output?: ClaudeCodeResult } {
  try {
    const parsed = JSON.parse(stdout) as ClaudeCodeResult;
    return parsed.type === 'result' ? { output: parsed } : {};
  } catch {
    return {};
  }
}
