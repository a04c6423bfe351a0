import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { type ChildNode, startChildNode } from './child-node.ts';
import { sleep } from './clock.ts';
import type { CpuPinning } from './cpu-pinning.ts';
import { freePort } from './free-port.ts';

export interface GatewayProcess {
  url: string;
  child: ChildNode;
  /** Stops the gateway and deletes its private DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  repoRoot: string;
  simUrl: string;
  proxyApiKey: string;
  refreshToken: string;
  pinning: CpuPinning;
  /** Write a V8 CPU profile of the gateway into this directory when it exits. */
  cpuProfileDir?: string;
  /** More Node flags for investigations (`--trace-gc`, `--heapsnapshot-signal=SIGUSR2`). */
  nodeFlags?: string[];
}

/**
 * The standalone gateway as a child process, pointed at the simulator. Only the variables below reach
 * it, so a REDIS_URL or KIRO_* in the engineer's shell cannot change what is measured.
 */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayProcess> {
  // Standalone keeps an embedded database, keys and imported credentials in DATA_DIR. The default
  // (./data) is shared with everyone's `npm start`: credentials left there by other runs would carry
  // part of the traffic, and the bench would write into someone else's state. A fresh one per run.
  const dataDir = mkdtempSync(join(tmpdir(), 'kirogate-bench-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const metricsPort = await freePort();
    const child = startChildNode({
      name: 'gateway',
      script: 'services/standalone/src/main.ts',
      nodeFlags: [
        // No inspector yet; SIGUSR1 opens one on a free loopback port (see gateway-inspector.ts).
        '--inspect-port=127.0.0.1:0',
        ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir)}`] : []),
        ...(options.nodeFlags ?? []),
      ],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        KIRO_API_URL: options.simUrl,
        KIRO_AUTH_URL: options.simUrl,
        KIRO_OIDC_URL: options.simUrl,
        PROXY_API_KEY: options.proxyApiKey,
        REFRESH_TOKEN: options.refreshToken,
        LOG_LEVEL: 'error',
        DATA_DIR: dataDir,
        // One server credential carries every request; the default of 16 in flight would turn the
        // c=32 and 1,000-stream phases into NO_CREDENTIAL_AVAILABLE 503s.
        MAX_IN_FLIGHT_PER_CREDENTIAL: '1000',
        // Streams still open at the end must not hold up the profile write for 25 s.
        SHUTDOWN_TIMEOUT_MS: '1000',
      },
      pinning: options.pinning,
      cpu: options.pinning.gatewayCpu,
      cwd: options.repoRoot,
    });
    child.process.stdout?.resume();
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(url, child, 30_000);
      return {
        url,
        child,
        async stop() {
          await child.stop();
          removeDataDir();
        },
      };
    } catch (error) {
      lastError = error;
      await child.stop();
      // Another engineer's process may have taken the port in between; anything else is fatal.
      if (!/EADDRINUSE/.test(child.stderrTail())) {
        removeDataDir();
        throw error;
      }
    }
  }
  removeDataDir();
  throw lastError;
}

async function waitHealthy(url: string, child: ChildNode, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client = new Client(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
  try {
    while (Date.now() < deadline) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`gateway exited during start-up:\n${child.stderrTail()}`);
      }
      try {
        const response = await client.request({ path: '/health', method: 'GET' });
        await response.body.dump();
        if (response.statusCode === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`gateway not healthy within ${timeoutMs} ms:\n${child.stderrTail()}`);
  } finally {
    await client.close();
  }
}
