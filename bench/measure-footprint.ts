import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nowUs, sleep } from './clock.ts';
import { freePort } from './free-port.ts';
import { loadPool, sendTimed, type TimedResponse } from './load-client.ts';
import { readProcSample } from './proc-sample.ts';
import { processTree, readTreeMemory, type TreeMemory } from './process-tree-memory.ts';
import { gatewayRequest, type RequestShape } from './request-shape.ts';
import { type Rig, requestPair, viaReference } from './rig.ts';

export interface FootprintSettings {
  streams: number;
  /** Quiet time before the idle reading: start-up garbage collected, idle pool connections closed. */
  idleSettleMs: number;
  openTimeoutMs: number;
}

export interface FootprintResult {
  /** From spawning `npm start` on an empty DATA_DIR to the first answered chat (includes initdb). */
  firstStartMs: number;
  /** CPU time the tree's live processes had used when the first chat was answered (load-independent). */
  firstStartCpuMs: number;
  /** The same after a clean stop, on the DATA_DIR the first start made. */
  restartMs: number;
  restartCpuMs: number;
  streams: number;
  idle: TreeMemory;
  open: TreeMemory;
  opened: number;
  errors: number;
  firstError?: string;
  /** The reference proxy's RSS (one process) at the same moments, holding the same streams. */
  referenceIdleRssBytes: number;
  referenceOpenRssBytes: number;
  referenceOpened: number;
}

/**
 * What `npm start` costs a small machine, summed over every process it starts (npm, its shell, the
 * gateway, the embedded Postgres server and its workers): start-up time to a served request, RSS
 * idle, and RSS holding slow streams. It is its own `npm start`, as a user runs it, with a fresh
 * DATA_DIR, beside the bench's main gateway (which stays idle meanwhile). RSS is read as the
 * operating system reports it, without forcing a GC: that is what a VPS has to hold.
 */
export async function measureFootprint(rig: Rig, repoRoot: string, settings: FootprintSettings) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kirogate-footprint-'));
  // Started as root, the embedded Postgres server runs as nobody and must pass through DATA_DIR's parent.
  chmodSync(dataDir, 0o711);
  try {
    const first = await startNpm(rig, repoRoot, dataDir);
    const firstStartMs = first.startedMs;
    const firstStartCpuMs = first.cpuMs;
    await first.stop();
    const npm = await startNpm(rig, repoRoot, dataDir);
    try {
      const footprintRig: Rig = { ...rig, gatewayUrl: npm.url };
      const prompt = 'Benchmark footprint stream [[sim:text 120]] [[sim:delay 1000]]';
      // Captures the stream shape by sending it once: a two-minute stream. The quiet time runs from its
      // end; counted from the start, the reading fell on the moment its usage record was written,
      // with a pool connection (a 15-17 MB Postgres backend) still open.
      const pair = await requestPair(footprintRig, 'openai', prompt, true);
      await sleep(settings.idleSettleMs);
      const idle = await settledTreeMemory(npm.child.pid!);
      const referenceIdleRssBytes = readProcSample(rig.referencePid).rssBytes;
      const gateway = await holdStreams(pair.gateway, settings, () => readTreeMemory(npm.child.pid!));
      const reference = await holdStreams(viaReference(rig, pair.direct), settings, () =>
        readProcSample(rig.referencePid),
      );
      return {
        firstStartMs,
        firstStartCpuMs,
        restartMs: npm.startedMs,
        restartCpuMs: npm.cpuMs,
        streams: settings.streams,
        idle,
        open: gateway.reading,
        opened: gateway.opened,
        errors: gateway.errors,
        ...(gateway.firstError && { firstError: gateway.firstError }),
        referenceIdleRssBytes,
        referenceOpenRssBytes: reference.reading.rssBytes,
        referenceOpened: reference.opened,
      } satisfies FootprintResult;
    } finally {
      await npm.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface NpmStart {
  child: ChildProcess;
  url: string;
  startedMs: number;
  cpuMs: number;
  stop(): Promise<void>;
}

async function startNpm(rig: Rig, repoRoot: string, dataDir: string): Promise<NpmStart> {
  const port = await freePort();
  const metricsPort = await freePort();
  const proxyApiKey = rig.proxyApiKey;
  const startedUs = nowUs();
  // Its own process group, so stopping it reaches npm, the shell and the gateway alike.
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      KIRO_API_URL: rig.simUrl,
      KIRO_AUTH_URL: rig.simUrl,
      KIRO_OIDC_URL: rig.simUrl,
      PROXY_API_KEY: proxyApiKey,
      REFRESH_TOKEN: `aor${randomBytes(90).toString('base64url')}`,
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      MAX_IN_FLIGHT_PER_CREDENTIAL: '1000',
      SHUTDOWN_TIMEOUT_MS: '1000',
    },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4096);
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    const members = processTree(child.pid!);
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([exited, sleep(20_000)]);
    // Until the gateway and its database have gone too, the DATA_DIR is in use.
    const deadline = Date.now() + 30_000;
    while (members.some(isAlive) && Date.now() < deadline) await sleep(100);
    for (const pid of members.filter(isAlive)) process.kill(pid, 'SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  const shape = gatewayRequest({
    format: 'openai',
    origin: url,
    proxyApiKey,
    prompt: 'footprint',
    stream: false,
  });
  const pool = loadPool(url, 1);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited during start-up: ${stderr}`);
      const response = await sendTimed(pool, shape);
      if (response.statusCode === 200) break;
      if (Date.now() > deadline) throw new Error(`npm start served nothing within 60 s: ${stderr}`);
      await sleep(25);
    }
    const startedMs = (nowUs() - startedUs) / 1000;
    const cpuUs = processTree(child.pid!).reduce((sum, pid) => {
      try {
        return sum + readProcSample(pid).cpuUs;
      } catch {
        return sum;
      }
    }, 0);
    return { child, url, startedMs, cpuMs: cpuUs / 1000, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await pool.close();
  }
}

/**
 * The median of five readings a second apart: a background job (usage flush, credential check) may
 * hold a database connection for a moment, and one reading would land on it or not by chance.
 */
async function settledTreeMemory(root: number): Promise<TreeMemory> {
  const readings: TreeMemory[] = [];
  for (let index = 0; index < 5; index++) {
    if (index > 0) await sleep(1_000);
    readings.push(readTreeMemory(root));
  }
  return readings.sort((a, b) => a.rssBytes - b.rssBytes)[2]!;
}

/** Opens `settings.streams` slow streams, reads memory once all are flowing, then closes them. */
async function holdStreams<Reading>(
  shape: RequestShape,
  settings: FootprintSettings,
  read: () => Reading,
): Promise<{ reading: Reading; opened: number; errors: number; firstError?: string }> {
  const pool = loadPool(shape.origin, settings.streams);
  const stop = new AbortController();
  let opened = 0;
  const allOpen = Promise.withResolvers<void>();
  const running: Promise<TimedResponse>[] = [];
  try {
    for (let index = 0; index < settings.streams; index++) {
      if (index > 0 && index % 50 === 0) await sleep(50);
      running.push(
        sendTimed(pool, shape, {
          countContent: true,
          signal: stop.signal,
          onContent: (_at, added, total) => {
            if (total === added && ++opened === settings.streams) allOpen.resolve();
          },
        }),
      );
    }
    await Promise.race([allOpen.promise, sleep(settings.openTimeoutMs)]);
    // Every stream past its first write (socket buffers, timers) before reading memory.
    await sleep(1_500);
    const reading = read();
    const openedAtReading = opened;
    stop.abort();
    const failed = (await Promise.all(running)).filter(
      (response) => response.error && response.error !== 'aborted',
    );
    return {
      reading,
      opened: openedAtReading,
      errors: failed.length,
      ...(failed[0]?.error && { firstError: failed[0].error }),
    };
  } finally {
    stop.abort();
    await pool.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
