import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EventStreamDecoder } from '@kirogate/eventstream';

// The simulator runs in its own process so its CPU time can be read from /proc apart from the client's.
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--conditions=source', main, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout });
const [baseUrl] = (await once(lines, 'line')) as [string];
const base = new URL(baseUrl);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function simCpuMs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const { accessToken } = JSON.parse(
  (await post('/refreshToken', JSON.stringify({ refreshToken: 'aorBench' }))).toString(),
);
const auth = { authorization: `Bearer ${accessToken}` };
const chatBody = (content: string) =>
  JSON.stringify({
    conversationState: {
      chatTriggerType: 'MANUAL',
      currentMessage: { userInputMessage: { content, modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' } },
    },
  });
const small = chatBody('Hello, how are you today?');
const long = chatBody('[[sim:text 1000]]');

async function sequential(count: number): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < 300; i++) await post('/generateAssistantResponse', small, auth);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await post('/generateAssistantResponse', small, auth);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(3);
  console.log(`small chat, c=1, ${count} requests: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
}

async function concurrent(
  body: string,
  label: string,
  concurrency: number,
  total: number,
  frames: number,
): Promise<void> {
  let issued = 0;
  const cpuBefore = simCpuMs();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued++ < total) await post('/generateAssistantResponse', body, auth);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = simCpuMs() - cpuBefore;
  console.log(
    `${label}, c=${concurrency}, ${total} requests: ${(total / seconds).toFixed(0)} req/s, ` +
      `${((total * frames) / seconds).toFixed(0)} frames/s, sim CPU ${((cpu * 1000) / total).toFixed(0)} µs/request` +
      ` (${((cpu * 1000) / (total * frames)).toFixed(2)} µs/frame)`,
  );
}

const frameCount = async (body: string) =>
  new EventStreamDecoder().push(await post('/generateAssistantResponse', body, auth)).length;
const smallFrames = await frameCount(small);
const longFrames = await frameCount(long);
console.log(`kiro-sim bench, node ${process.version}, client and simulator share the machine's cores`);
await sequential(3000);
await concurrent(small, `small chat (${smallFrames} frames)`, 32, 10_000, smallFrames);
await concurrent(long, `1000-delta stream (${longFrames} frames)`, 8, 100, longFrames);
agent.destroy();
child.kill('SIGTERM');
