import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { loadConfig } from '@kirogate/config';
import { createDatabase } from '@kirogate/db';
import type { KiroSim } from '@kirogate/kiro-sim';
import { type Standalone, standaloneConfigSchema, startStandalone } from '@kirogate/standalone';
import { getTestPostgres } from '@kirogate/testing';
import OpenAI from 'openai';
import { vi } from 'vitest';

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

/** The SDK clients and the health probe of a gateway at `url`, whichever topology runs it. */
export function gatewayClients(
  url: string,
  proxyApiKey: string,
): Pick<TestGateway, 'openai' | 'anthropic' | 'health'> {
  return {
    openai: (apiKey = proxyApiKey) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 }),
    anthropic: (apiKey = proxyApiKey) => new Anthropic({ apiKey, baseURL: url, maxRetries: 0 }),
    health: async () => (await fetch(`${url}/health`)).json() as ReturnType<TestGateway['health']>,
  };
}

/** A Kiro-looking refresh token: `aor` and 120 characters, unique per call so accounts stay apart. */
export function fakeRefreshToken(): string {
  return `aor${randomBytes(90).toString('base64url')}`;
}

/**
 * Starts the all-in-one gateway in this process against `sim`, configured through the same env
 * parsing `npm start` uses. `env` overrides the defaults (timeouts are in seconds, as in production).
 *
 * The database is one of its own on the shared test server when there is one (created in a fraction
 * of a second), else the embedded server `npm start` runs (seconds of `initdb` and start-up per
 * gateway). The embedded server has tests of its own (packages/db, services/standalone).
 */
export async function startTestGateway(sim: KiroSim, env: Record<string, string> = {}): Promise<TestGateway> {
  const proxyApiKey = `test-proxy-${randomBytes(8).toString('hex')}`;
  const refreshToken = fakeRefreshToken();
  // Each gateway gets its own database and key files: test files run in parallel.
  const dataDir = mkdtempSync(join(tmpdir(), 'kg-test-gateway-'));
  const postgres = env.DATABASE_URL === undefined ? await getTestPostgres() : undefined;
  const parsed = loadConfig(standaloneConfigSchema, {
    DATA_DIR: dataDir,
    // The embedded server's pool size: the shared test server allows 100 connections, and several
    // files, each with gateways of their own, run at once.
    ...(postgres ? { DATABASE_URL: postgres.url, DATABASE_POOL_MAX: '3' } : {}),
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
  const standalone = await startStandalone({ ...parsed, PORT: 0, METRICS_PORT: 0 }, 'test').catch(
    async (error: unknown) => {
      await postgres?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  if (postgres) await startupChecksDone(postgres.url);
  const url = standalone.url;
  let stopped = false;
  return {
    url,
    proxyApiKey,
    refreshToken,
    standalone,
    ...gatewayClients(url, proxyApiKey),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await standalone.stop();
      await postgres?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The in-process worker checks every credential once at start (a forced refresh, then
 * getUsageLimits). Tests that count the simulator's refreshes must not see it land in their window,
 * so the gateway is handed out once every credential has its first check. The bound only keeps a
 * broken build from hanging the suite.
 */
async function startupChecksDone(databaseUrl: string): Promise<void> {
  const database = await createDatabase({ databaseUrl, dataDir: '', poolMax: 1 });
  try {
    await vi.waitFor(
      async () => {
        const rows = await database.db.query.credentials.findMany({
          columns: { status: true, lastCheckAt: true },
        });
        const unchecked = rows.filter((row) => row.status !== 'disabled' && row.lastCheckAt === null);
        if (unchecked.length > 0) throw new Error(`${unchecked.length} credentials not checked yet`);
      },
      { timeout: 30_000, interval: 20 },
    );
  } finally {
    await database.close();
  }
}
