import { type CliRun, runCli } from '../support/run-cli.ts';
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

export interface ClaudeCodeRun extends CliRun {
  /** The parsed stdout, when it was the JSON result. */
  output?: ClaudeCodeResult;
}

/**
 * Runs headless Claude Code against `baseUrl` offline: the environment is built from nothing (no
 * proxy settings, credentials or `CLAUDE*` variables leak in from the caller), and everything that
 * phones home besides the model calls is switched off.
 */
export async function runClaudeCode(
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
  const run = await runCli(claude.command, args, { cwd: options.cwd, env, killAfterMs: options.killAfterMs });
  return { ...run, ...parseResult(run.stdout) };
}

function parseResult(stdout: string): { output?: ClaudeCodeResult } {
  try {
    const parsed = JSON.parse(stdout) as ClaudeCodeResult;
    return parsed.type === 'result' ? { output: parsed } : {};
  } catch {
    return {};
  }
}
