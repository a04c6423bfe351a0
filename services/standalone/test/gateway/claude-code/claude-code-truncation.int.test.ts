import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kirogate/config';
import { fileContent, type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { type Standalone, standaloneConfigSchema, startStandalone } from '@kirogate/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClaudeCode } from './find-claude-code.ts';
import { runClaudeCode } from './run-claude-code.ts';

const proxyApiKey = 'claude-code-truncation-proxy-key';
const fileBytes = 30_000;
/** Kiro has been seen cutting tool inputs at about 9 KB; the simulator cuts everything above this. */
const toolInputLimit = 9_000;
/** A dozen Claude Code turns; generous for a loaded CI machine, it is a bound, not an assertion. */
const killAfterMs = 240_000;

// Not skipped when the CLI is missing: this test is the proof that Claude Code survives Kiro's cuts.
const lookup = findClaudeCode();

describe('Claude Code writes a 30 KB file although Kiro cuts every tool input over 9 KB', () => {
  let sim: KiroSim;
  let gateway: Standalone;
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    sim = await startKiroSim({ port: 0, toolInputLimitBytes: toolInputLimit, recentChatLimit: 200 });
    root = mkdtempSync(join(tmpdir(), 'claude-code-truncation-'));
    // Its own temporary directory: the embedded database may run as another user, who must be able
    // to enter it (DATA_DIR itself is prepared for that, a private parent is not).
    dataDir = mkdtempSync(join(tmpdir(), 'claude-code-truncation-gateway-'));
    const config = loadConfig(standaloneConfigSchema, {
      DATA_DIR: dataDir,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      PROXY_API_KEY: proxyApiKey,
      REFRESH_TOKEN: `aor${'t'.repeat(120)}`,
      LOG_LEVEL: 'error',
    });
    gateway = await startStandalone({ ...config, PORT: 0, METRICS_PORT: 0 }, 'test');
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with the file on disk byte for byte', { timeout: killAfterMs + 30_000 }, async () => {
    if (!('found' in lookup)) expect.fail(`the claude CLI cannot start: ${lookup.unavailable}`);
    const home = join(root, 'home');
    const tmp = join(root, 'tmp');
    const cwd = join(root, 'cwd');
    for (const directory of [home, tmp, cwd]) mkdirSync(directory, { recursive: true });
    const target = join(cwd, 'big.txt');

    const run = await runClaudeCode(lookup.found, {
      prompt: `Create big.txt with the test data. [[sim:write-file ${target} ${fileBytes}]]`,
      baseUrl: gateway.url,
      apiKey: proxyApiKey,
      home,
      tmp,
      cwd,
      extraArgs: ['--max-turns', '30', '--allowedTools', 'Bash', 'Write'],
      killAfterMs,
    });
    const chats = sim.stats().recentChats;
    const details = JSON.stringify(
      {
        ...run,
        stdout: run.stdout.slice(0, 3000),
        stderr: run.stderr.slice(0, 3000),
        upstream: chats.map((chat) => ({ status: chat.status, rejection: chat.rejection })),
      },
      null,
      2,
    );

    expect(run.killed, details).toBe(false);
    expect(run.exitCode, details).toBe(0);
    expect(run.output?.is_error, details).toBe(false);
    expect(run.output?.result, details).toContain(`Done: ${target} holds all ${fileBytes} bytes.`);
    expect(readFileSync(target, 'utf8') === fileContent(fileBytes), details).toBe(true);
    // The first Write of the whole file was cut, so the gateway asked the model to split the work.
    const asked = chats.some((chat) =>
      JSON.stringify(chat.body).includes('was cut off after 9000 bytes of input'),
    );
    expect(asked, details).toBe(true);
  });
});
