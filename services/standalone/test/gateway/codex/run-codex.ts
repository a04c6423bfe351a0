import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type CliRun, runCli } from '../support/run-cli.ts';

export type CodexLookup = { found: { command: string; version: string } } | { unavailable: string };

/** The `codex` launcher of the `@openai/codex` package, which starts the platform's native binary. */
export function findCodex(): CodexLookup {
  let launcher: string;
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('@openai/codex/package.json'));
    launcher = join(packageDir, 'bin', 'codex.js');
  } catch (error) {
    return { unavailable: `@openai/codex is not installed (${String(error)})` };
  }
  const probe = spawnSync(process.execPath, [launcher, '--version'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  const version = probe.stdout?.trim() ?? '';
  if (probe.status === 0 && version.startsWith('codex-cli')) return { found: { command: launcher, version } };
  const why = probe.error?.message ?? `exit ${probe.status ?? probe.signal}: ${probe.stderr?.trim()}`;
  return {
    unavailable: `codex --version failed on ${process.platform}-${process.arch}: ${why.slice(0, 300)}`,
  };
}

/**
 * The `config.toml` the README gives: a model provider that speaks the Responses API to the gateway.
 * Web search and sub-agents are off because they are hosted tools the gateway refuses.
 */
export function codexConfig(baseUrl: string, model: string): string {
  return [
    `model = "${model}"`,
    'model_provider = "kirogate"',
    'web_search = "disabled"',
    '',
    '[agents]',
    'enabled = false',
    '',
    '[model_providers.kirogate]',
    'name = "KiroGate"',
    `base_url = "${baseUrl}/v1"`,
    'env_key = "KIROGATE_API_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n');
}

export interface CodexRun extends CliRun {
  /** What `--output-last-message` wrote: the agent's final answer. */
  lastMessage: string;
}

/**
 * `codex exec` offline against `baseUrl`, with a fresh CODEX_HOME holding only the provider config and
 * an environment built from nothing, in its own process group so a timeout also ends its shells.
 */
export async function runCodex(
  codex: { command: string },
  options: {
    prompt: string;
    baseUrl: string;
    apiKey: string;
    model: string;
    home: string;
    cwd: string;
    killAfterMs: number;
  },
): Promise<CodexRun> {
  mkdirSync(options.home, { recursive: true });
  writeFileSync(join(options.home, 'config.toml'), codexConfig(options.baseUrl, options.model));
  const lastMessageFile = join(options.home, 'last-message.txt');
  const run = await runCli(
    process.execPath,
    [
      codex.command,
      'exec',
      '--skip-git-repo-check',
      '--ephemeral',
      '--dangerously-bypass-approvals-and-sandbox',
      '--output-last-message',
      lastMessageFile,
      options.prompt,
    ],
    {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: options.home,
        CODEX_HOME: options.home,
        KIROGATE_API_KEY: options.apiKey,
      },
      killAfterMs: options.killAfterMs,
    },
  );
  let lastMessage = '';
  try {
    lastMessage = readFileSync(lastMessageFile, 'utf8');
  } catch {
    // No final message: the run failed; stdout and stderr say why.
  }
  return { ...run, lastMessage };
}
