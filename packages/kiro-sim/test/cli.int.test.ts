import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from './sim-client.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
});

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=source', main, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

describe('kiro-sim CLI', () => {
  it('prints only its base URL on the first line and serves it', async () => {
    const url = await firstLine(run(['--port', '0']));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await postJson(`${url}/refreshToken`, { refreshToken: 'aorCli' })).status).toBe(200);
  });

  it('loads strict tokens and a scenario from files named by flags or environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiro-sim-'));
    await writeFile(join(dir, 'tokens.json'), JSON.stringify(['aorOnlyThis']));
    await writeFile(join(dir, 'scenario.json'), JSON.stringify({ steps: [{ fault: 'throttled:3' }] }));
    const url = await firstLine(
      run(['--strict-tokens', join(dir, 'tokens.json'), '--token-ttl', '42'], {
        KIRO_SIM_SCENARIO: join(dir, 'scenario.json'),
      }),
    );
    expect((await postJson(`${url}/refreshToken`, { refreshToken: 'aorOther' })).status).toBe(400);
    const issued = (await (
      await postJson(`${url}/refreshToken`, { refreshToken: 'aorOnlyThis' })
    ).json()) as {
      accessToken: string;
      expiresIn: number;
    };
    expect(issued.expiresIn).toBe(42);
    const throttled = await postJson(
      `${url}/generateAssistantResponse`,
      {},
      { authorization: `Bearer ${issued.accessToken}` },
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
  });

  it('exits with status 2 and a message for a bad option', async () => {
    const child = run(['--rotation', 'sometimes']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/rotation/);
  });
});
