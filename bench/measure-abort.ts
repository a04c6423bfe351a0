import { connect, type Socket } from 'node:net';
import { nowUs, sleep } from './clock.ts';
import { gatewayRequest } from './request-shape.ts';
import type { Rig } from './rig.ts';
import type { SimStatsProbe } from './sim-stats-probe.ts';
import { median } from './summarize.ts';

export interface AbortSettings {
  trials: number;
  /** A trial that sees no upstream abort within this long counts as a miss at this value. */
  giveUpMs: number;
}

export interface AbortResult {
  trials: number;
  abortMs: number[];
  p50Ms: number;
  maxMs: number;
  /** Trials where the upstream stream was never seen aborted. */
  timedOut: number;
}

/**
 * Upstream abort after a client disconnect: a raw socket opens a paced stream,
 * waits for its first content event and is destroyed; the time until the simulator's
 * `streams.aborted` moves is the abort latency. A raw socket, because an HTTP client library may keep
 * or reuse the connection in ways a real disconnect does not.
 */
export async function measureAbort(
  rig: Rig,
  probe: SimStatsProbe,
  settings: AbortSettings,
): Promise<AbortResult> {
  const shape = gatewayRequest({
    format: 'openai',
    origin: rig.gatewayUrl,
    proxyApiKey: rig.proxyApiKey,
    prompt: 'Benchmark abandoned stream [[sim:text 100]] [[sim:delay 100]]',
    stream: true,
  });
  const { hostname, port } = new URL(rig.gatewayUrl);
  const head =
    `POST ${shape.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n` +
    Object.entries(shape.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    `content-length: ${Buffer.byteLength(shape.body)}\r\n\r\n`;
  const abortMs: number[] = [];
  let timedOut = 0;
  for (let trial = 0; trial < settings.trials; trial++) {
    const before = (await probe.streams()).aborted;
    const socket = connect(Number(port), hostname);
    try {
      await firstContent(socket, head + shape.body, 10_000);
      const closedAtUs = nowUs();
      socket.destroy();
      const giveUpUs = closedAtUs + settings.giveUpMs * 1000;
      let seen = false;
      while (nowUs() < giveUpUs) {
        if ((await probe.streams()).aborted > before) {
          abortMs.push((nowUs() - closedAtUs) / 1000);
          seen = true;
          break;
        }
      }
      if (!seen) {
        timedOut++;
        abortMs.push(settings.giveUpMs);
      }
    } finally {
      socket.destroy();
    }
    // Let the previous upstream stream finish closing before the next trial reads the counter.
    await sleep(20);
  }
  const sorted = [...abortMs].sort((a, b) => a - b);
  return {
    trials: settings.trials,
    abortMs,
    p50Ms: median(abortMs),
    maxMs: sorted.at(-1) ?? Number.NaN,
    timedOut,
  };
}

/** Writes the request and resolves once the response carries its first `"content"` SSE event. */
function firstContent(socket: Socket, request: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`no content event within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', finish);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('"content":"')) finish();
      else if (/^HTTP\/1\.1 (?!200)/.test(seen)) finish(new Error(`gateway answered ${seen.slice(0, 200)}`));
    };
    const onClose = () => finish(new Error('gateway closed the connection before the first event'));
    socket.on('data', onData);
    socket.on('error', finish);
    socket.on('close', onClose);
    socket.write(request);
  });
}
