import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kirogate/config';
import { type KiroSim, type RecordedChat, startKiroSim } from '@kirogate/kiro-sim';
import { type Standalone, standaloneConfigSchema, startStandalone } from '@kirogate/standalone';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findClaudeCode } from './find-claude-code.ts';
import { type ClaudeCodeRun, runClaudeCode } from './run-claude-code.ts';

const proxyApiKey = 'claude-code-e2e-proxy-key';
/** Well under the integration project's 60 s test timeout; a run takes a few seconds. */
const killAfterMs = 45_000;

const lookup = findClaudeCode();
if ('unavailable' in lookup) {
  console.warn(`Skipping the Claude Code end-to-end tests: ${lookup.unavailable}`);
}

interface KiroUserInput {
  content: string;
  userInputMessageContext?: {
    tools?: Array<{ toolSpecification: { name: string; description: string } }>;
    toolResults?: Array<{ toolUseId: string; status: string; content: Array<{ text: string }> }>;
  };
}

function currentMessage(chat: RecordedChat): KiroUserInput {
  const body = chat.body as { conversationState: { currentMessage: { userInputMessage: KiroUserInput } } };
  return body.conversationState.currentMessage.userInputMessage;
}

/** Everything needed to read a failure without rerunning it. */
function describeRun(run: ClaudeCodeRun, chats: RecordedChat[]): string {
  const upstream = chats.map((chat) => ({ status: chat.status, rejection: chat.rejection }));
  return JSON.stringify({ ...run, stdout: run.stdout.slice(0, 2000), upstream }, null, 2);
}

describe.skipIf(!('found' in lookup))('Claude Code through the gateway against the simulator', () => {
  const claude = 'found' in lookup ? lookup.found : undefined;
  let sim: KiroSim;
  let gateway: Standalone;
  const runDirectories: string[] = [];
  let gatewayDataDir: string | undefined;

  beforeAll(async () => {
    sim = await startKiroSim({ port: 0 });
    gatewayDataDir = mkdtempSync(join(tmpdir(), 'claude-code-gateway-'));
    const config = loadConfig(standaloneConfigSchema, {
      DATA_DIR: gatewayDataDir,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      PROXY_API_KEY: proxyApiKey,
      REFRESH_TOKEN: `aor${'c'.repeat(120)}`,
      LOG_LEVEL: 'error',
    });
    // The schema refuses port 0 (a deployment needs a real port); the test wants free ones.
    gateway = await startStandalone({ ...config, PORT: 0, METRICS_PORT: 0 }, 'test');
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
    if (gatewayDataDir) rmSync(gatewayDataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    for (const directory of runDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  function chatCount(): number {
    return sim.stats().requests['POST /generateAssistantResponse'] ?? 0;
  }

  async function claudeP(prompt: string, extraArgs: string[] = []) {
    const root = mkdtempSync(join(tmpdir(), 'claude-code-e2e-'));
    runDirectories.push(root);
    const home = join(root, 'home');
    const tmp = join(root, 'tmp');
    const cwd = join(root, 'cwd');
    for (const directory of [home, tmp, cwd]) mkdirSync(directory);
    const chatsBefore = chatCount();
    const run = await runClaudeCode(claude!, {
      prompt,
      baseUrl: gateway.url,
      apiKey: proxyApiKey,
      home,
      tmp,
      cwd,
      extraArgs: ['--max-turns', '3', ...extraArgs],
      killAfterMs,
    });
    // recentChats keeps the last 20; a run makes one or two.
    const made = chatCount() - chatsBefore;
    const chats = made === 0 ? [] : sim.stats().recentChats.slice(-made);
    return { run, chats, cwd, details: describeRun(run, chats) };
  }

  it('completes a plain task', async () => {
    const { run, chats, details } = await claudeP('Tell me the answer. [[sim:reply The answer is 42.]]');

    expect(run.killed, details).toBe(false);
    expect(run.exitCode, details).toBe(0);
    expect(run.output?.is_error, details).toBe(false);
    expect(run.output?.subtype, details).toBe('success');
    expect(run.output?.result, details).toContain('The answer is 42.');
    expect(chats.map((chat) => chat.status)).toEqual([200]);
  });

  it('runs a Bash tool call, sends the result back and reports it', async () => {
    const { run, chats, cwd, details } = await claudeP(
      'Write the marker file. [[sim:call Bash {"command":"echo kirogate-tool-ok > marker.txt && cat marker.txt","description":"Write a marker file"}]]',
      ['--allowedTools', 'Bash'],
    );

    expect(run.killed, details).toBe(false);
    expect(run.exitCode, details).toBe(0);
    expect(run.output?.is_error, details).toBe(false);
    expect(run.output?.permission_denials, details).toEqual([]);
    expect(readFileSync(join(cwd, 'marker.txt'), 'utf8')).toBe('kirogate-tool-ok\n');

    expect(chats.map((chat) => chat.status)).toEqual([200, 200]);
    const [call, followUp] = chats.map(currentMessage);
    const bash = call?.userInputMessageContext?.tools?.find((tool) => tool.toolSpecification.name === 'Bash');
    expect(bash?.toolSpecification.description).not.toBe('');
    const results = followUp?.userInputMessageContext?.toolResults ?? [];
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('success');
    expect(results[0]?.content[0]?.text).toContain('kirogate-tool-ok');
    // The sim answers a tool-result turn with `Tool results: <name> (<id>) returned "<text>"`.
    expect(run.output?.result, details).toContain(
      `Tool results: Bash (${results[0]?.toolUseId}) returned "kirogate-tool-ok"`,
    );
  });
});
