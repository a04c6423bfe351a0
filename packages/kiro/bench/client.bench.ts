import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeMessage } from '@kirogate/eventstream';
import { Agent, request } from 'undici';
import { createKiroClient, kiroEndpoints, kiroHeaders } from '../src/index.ts';

const FRAMES_PER_RESPONSE = 20;
const WARMUP = 300;
const REQUESTS = 1500;
const ROUNDS = 5;
const CONCURRENCY = [1, 8];

// The stub runs in its own process so its CPU does not count against the client.
if (process.argv[2] === 'server') {
  const frame = encodeMessage(
    {
      ':message-type': 'event',
      ':event-type': 'assistantResponseEvent',
      ':content-type': 'application/json',
    },
    JSON.stringify({ content: 'Hello, world' }),
  );
  const body = Buffer.concat(Array.from({ length: FRAMES_PER_RESPONSE }, () => frame));
  const server = createServer((incoming, response) => {
    incoming.resume();
    incoming.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
} else {
  const child = fork(new URL(import.meta.url).pathname, ['server'], { execArgv: ['--conditions=source'] });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (value) => resolve(value as number)),
  );
  const apiUrl = `http://127.0.0.1:${port}`;
  const conversation = {
    conversationState: { currentMessage: { userInputMessage: { content: 'Hi' } } },
  };
  const auth = { accessToken: 'aoaBench', authKind: 'social' as const, machineId: 'a'.repeat(64) };

  // The baseline sends the same headers and body, so the difference is what the client adds.
  const agent = new Agent({ keepAliveTimeout: 65_000 });
  const raw = async () => {
    const response = await request(`${apiUrl}/generateAssistantResponse`, {
      method: 'POST',
      headers: kiroHeaders({ accessToken: auth.accessToken, machineId: auth.machineId }),
      body: JSON.stringify(conversation),
      dispatcher: agent,
    });
    for await (const _chunk of response.body);
  };
  const client = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl }),
    keepAliveTimeout: 65_000,
  });
  const viaClient = async () => {
    const stream = await client.generateAssistantResponse(conversation, auth);
    for await (const _chunk of stream);
  };

  const variants = [
    ['undici.request', raw],
    ['createKiroClient', viaClient],
  ] as const;
  for (const variant of variants) for (let i = 0; i < WARMUP; i++) await variant[1]();
  // Alternating rounds and reporting medians keeps order effects (JIT, GC, a busy neighbour) out.
  for (const concurrency of CONCURRENCY) {
    const results = new Map<string, Sample[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of round % 2 === 0 ? variants : [...variants].reverse()) {
        results.set(name, [...(results.get(name) ?? []), await measure(run, concurrency)]);
      }
    }
    for (const [name, samples] of results) report(`${name} c=${concurrency}`, samples);
  }
  await client.close();
  await agent.close();
  child.kill();
}

interface Sample {
  p50: number;
  p99: number;
  perSecond: number;
  cpuPerRequest: number;
}

async function measure(run: () => Promise<void>, concurrency: number): Promise<Sample> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) {
        const start = performance.now();
        await run();
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    p50: at(0.5) * 1000,
    p99: at(0.99) * 1000,
    perSecond: (latencies.length / elapsed) * 1000,
    cpuPerRequest: (cpu.user + cpu.system) / latencies.length,
  };
}

function report(name: string, samples: Sample[]): void {
  const median = (pick: (sample: Sample) => number) =>
    samples
      .map(pick)
      .sort((a, b) => a - b)
      [Math.floor(samples.length / 2)]!.toFixed(0);
  console.log(
    `${name}: p50 ${median((s) => s.p50)} µs, p99 ${median((s) => s.p99)} µs, ` +
      `${median((s) => s.perSecond)} req/s, client CPU ${median((s) => s.cpuPerRequest)} µs/req ` +
      `(median of ${samples.length} rounds)`,
  );
}
