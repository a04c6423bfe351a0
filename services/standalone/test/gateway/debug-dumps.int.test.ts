import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { authHeaders, chatPath, minimalChat, post } from './support/raw-http.ts';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.ts';

let sim: KiroSim;
const dirs: string[] = [];
beforeAll(async () => {
  sim = await startKiroSim({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dumpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kg-debug-dumps-'));
  dirs.push(dir);
  return dir;
}

/** Finished dump folders (a folder being written carries a `.partial` suffix). */
function folders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.partial'))
    .map((name) => join(dir, name));
}

describe('DEBUG_MODE=all', () => {
  let gateway: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = dumpDir();
    gateway = await startTestGateway(sim, { DEBUG_MODE: 'all', DEBUG_DIR: dir, DEBUG_MAX_DUMPS: '6' });
  });
  afterAll(() => gateway?.stop());

  it('writes one folder per request, even for concurrent requests with the same id, with no secret in it', async () => {
    const userKey = `sk-${'a1B2'.repeat(12)}`;
    const refreshToken = `aor${'Zq9x'.repeat(30)}`;
    const content = `My key is ${gateway.proxyApiKey}, also ${userKey} and ${refreshToken}.`;
    const sameId = { 'x-request-id': 'debug-dump-shared-id' };
    const responses = await Promise.all(
      (['openai', 'anthropic'] as const).flatMap((api) =>
        [false, true].map((stream) =>
          post(
            `${gateway.url}${chatPath[api]}`,
            {
              ...minimalChat(api, content),
              stream,
              metadata: api === 'anthropic' ? { user_id: 'u' } : undefined,
            },
            { ...authHeaders(api, gateway.proxyApiKey), ...sameId },
          ),
        ),
      ),
    );
    for (const response of responses) expect(response.status, response.text).toBe(200);

    await eventually(() => expect(folders(dir)).toHaveLength(4));
    for (const folder of folders(dir)) {
      // Named after the client's X-Request-ID, which the operator searches for.
      expect(folder).toContain('debug-dump-shared-id');
      const files = readdirSync(folder).sort();
      expect(files).toEqual([
        'kiro_request_body.json',
        'request_body.json',
        'response_stream_modified.txt',
        'response_stream_raw.txt',
      ]);
      const text = Object.fromEntries(files.map((file) => [file, readFileSync(join(folder, file), 'utf8')]));
      expect(JSON.parse(text['request_body.json']!).messages[0].content).toContain('[redacted]');
      expect(JSON.parse(text['kiro_request_body.json']!).conversationState.conversationId).toBeTruthy();
      expect(text['response_stream_raw.txt']).toContain('assistantResponseEvent');
      expect(text['response_stream_modified.txt']).toMatch(/You said|"type":"message"|chat\.completion/);
      for (const body of Object.values(text)) {
        for (const secret of [gateway.proxyApiKey, gateway.refreshToken, userKey, refreshToken]) {
          expect(body).not.toContain(secret);
        }
      }
    }
  });

  it('keeps at most DEBUG_MAX_DUMPS folders', async () => {
    for (let i = 0; i < 9; i++) {
      const response = await post(
        `${gateway.url}${chatPath.openai}`,
        minimalChat('openai', `n${i}`),
        authHeaders('openai', gateway.proxyApiKey),
      );
      expect(response.status).toBe(200);
    }
    await eventually(() => expect(folders(dir).length).toBe(6));
  });
});

describe('DEBUG_MODE=errors', () => {
  let gateway: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = dumpDir();
    gateway = await startTestGateway(sim, { DEBUG_MODE: 'errors', DEBUG_DIR: dir });
  });
  afterAll(() => gateway?.stop());

  it('dumps failed requests only, with error_info.json', async () => {
    const headers = authHeaders('anthropic', gateway.proxyApiKey);
    const ok = await post(`${gateway.url}${chatPath.anthropic}`, minimalChat('anthropic', 'fine'), headers);
    expect(ok.status).toBe(200);
    const inBand = await post(
      `${gateway.url}${chatPath.anthropic}`,
      minimalChat(
        'anthropic',
        'Fails [[sim:fault mid-stream-exception:InternalServerException]] [[sim:text 6]]',
        { stream: true },
      ),
      headers,
    );
    expect(inBand.text).toContain('event: error');
    const refused = await post(
      `${gateway.url}${chatPath.anthropic}`,
      { model: 'claude-sonnet-4-6', messages: 'x' },
      headers,
    );
    expect(refused.status).toBe(400);

    await eventually(() => expect(folders(dir)).toHaveLength(2));
    const infos = folders(dir).map((folder) =>
      JSON.parse(readFileSync(join(folder, 'error_info.json'), 'utf8')),
    );
    expect(infos.map((info) => info.httpStatus).sort()).toEqual([200, 400]);
    for (const info of infos) expect(info.message).toBeTruthy();
  });
});
