import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { loadConfig } from '@kirogate/config';
import type { KiroSim } from '@kirogate/kiro-sim';
import { type Standalone, standaloneConfigSchema, startStandalone } from '@kirogate/standalone';
import OpenAI from 'openai';

export interface TestGateway {
  url: string;
  proxyApiKey: string;
  /** The server credential's refresh token; the simulator names its account after it. */
  refreshToken: string;
  standalone: Standalone;
  /** SDK clients pointed at the gateway, without their own retries (the gateway's are under test). */
  openai(apiKey?: string): OpenAI;
  anthropic(apiKey?: string): Anthropic;
  /** GET /health as JSON. */
  health(): Promise<{ status: string; pool: { inFlight: number; total: number; active: number } }>;
  stop(): Promise<void>;
}

/** A Kiro-looking refresh token: `aor` and 120 characters, unique per call so accounts stay apart. */
export function fakeRefreshToken(): string {
  return `aor${randomBytes(90).toString('base64url')}`;
}

/**
 * Starts the all-in-one gateway in this process against `sim`, configured through the same env
 * parsing `npm start` uses. `env` overrides the defaults (timeouts are in seconds, as in production).
 */
export async function startTestGateway(sim: KiroSim, env: Record<string, string> = {}): Promise<TestGateway> {
  const proxyApiKey = `test-proxy-${randomBytes(8).toString('hex')}`;
  const refreshToken = fakeRefreshToken();
  // Each gateway gets its own embedded database and key files: test files run in parallel.
  const dataDir = mkdtempSync(join(tmpdir(), 'kg-test-gateway-'));
  const parsed = loadConfig(standaloneConfigSchema, {
    DATA_DIR: dataDir,
    KIRO_API_URL: sim.url,
    KIRO_AUTH_URL: sim.url,
    KIRO_OIDC_URL: sim.url,
    PROXY_API_KEY: proxyApiKey,
    REFRESH_TOKEN: refreshToken,
    HOST: '127.0.0.1',
    METRICS_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // PORT/METRICS_PORT=0 is refused by the env parser (a production port must be chosen), so the
  // test picks free ports by overriding the parsed values.
  const standalone = await startStandalone({ ...parsed, PORT: 0, METRICS_PORT: 0 }, 'test');
  const url = standalone.url;
  let stopped = false;
  return {
    url,
    proxyApiKey,
    refreshToken,
    standalone,
    openai: (apiKey = proxyApiKey) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 }),
    anthropic: (apiKey = proxyApiKey) => new Anthropic({ apiKey, baseURL: url, maxRetries: 0 }),
    health: async () => (await fetch(`${url}/health`)).json() as ReturnType<TestGateway['health']>,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await standalone.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
