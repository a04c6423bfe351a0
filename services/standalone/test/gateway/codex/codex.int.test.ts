import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simChatsContaining } from '../support/sim-chats.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { type CodexRun, findCodex, runCodex } from './run-codex.ts';

/** Well under the integration project's test timeout; a run takes a few seconds. */
const killAfterMs = 45_000;
const model = 'claude-sonnet-4-5';
const lookup = findCodex();
const required = process.env.REQUIRE_SERVICES === '1';
if ('unavailable' in lookup && !required) console.warn(`Skipping the Codex CLI tests: ${lookup.unavailable}`);

function describeRun(run: CodexRun): string {
  return JSON.stringify(
    { ...run, stdout: run.stdout.slice(-3000), stderr: run.stderr.slice(-3000) },
    null,
    2,
  );
}

// Under REQUIRE_SERVICES=1 (CI) a Codex that cannot start fails these tests instead of skipping them.
describe.skipIf('unavailable' in lookup && !required)(
  'Codex CLI through /v1/responses against the simulator',
  () => {
    let sim: KiroSim;
    let gateway: TestGateway;
    const dirs: string[] = [];

    beforeAll(async () => {
      sim = await startKiroSim({ port: 0 });
      gateway = await startTestGateway(sim);
    });
    afterAll(async () => {
      await gateway?.stop();
      await sim?.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    async function codex(prompt: string): Promise<{ run: CodexRun; cwd: string }> {
      if ('unavailable' in lookup) throw new Error(`Codex CLI cannot start here: ${lookup.unavailable}`);
      const root = mkdtempSync(join(tmpdir(), 'codex-e2e-'));
      dirs.push(root);
      const cwd = mkdtempSync(join(root, 'work-'));
      const run = await runCodex(lookup.found, {
        prompt,
        baseUrl: gateway.url,
        apiKey: gateway.proxyApiKey,
        model,
        home: join(root, 'home'),
        cwd,
        killAfterMs,
      });
      return { run, cwd };
    }

    it('answers a plain task', async () => {
      const { run } = await codex('Say hello. codex-plain [[sim:reply Hello from Kiro through Codex.]]');
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.lastMessage.trim()).toBe('Hello from Kiro through Codex.');
      expect(simChatsContaining(sim, 'codex-plain').length).toBeGreaterThan(0);
    });

    it('runs a shell command through a function call and answers with its output', async () => {
      const { run } = await codex(
        'Print the marker. codex-shell [[sim:call exec_command {"cmd":"echo kiro-codex-$((6*7))"}]]',
      );
      expect(run.exitCode, describeRun(run)).toBe(0);
      // The simulator answers a tool result by quoting it: the command really ran, in a shell.
      expect(run.lastMessage).toContain('exec_command');
      expect(run.lastMessage).toContain('kiro-codex-42');
      const chats = simChatsContaining(sim, 'kiro-codex-42');
      expect(chats.length, describeRun(run)).toBeGreaterThan(0);
    });
  },
);
