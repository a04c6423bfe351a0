import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { hashSecret } from '@kirogate/contracts';
import { createDatabase } from '@kirogate/db';
import { GrpcApiKeyVerifier } from '@kirogate/grpc';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  startOnFreePorts,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const mainFile = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describeWithServices('user-service main (scaled entry)', { postgres: true, redis: true }, () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  let child: ChildProcess;
  let output = '';
  const ports = { http: 0, grpc: 0, metrics: 0 };
  const internalToken = 'main-test-internal-token-0123456789abcdef';

  /** Spawns main on the given ports; rejects with its output when it exits before listening. */
  async function startMain([http, grpc, metrics]: number[]): Promise<void> {
    output = '';
    child = spawn(process.execPath, ['--conditions=source', mainFile], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.keyPrefix,
        USER_SESSION_SECRET: 'main-test-session-secret-0123456789',
        TOKEN_BROKER_URL: '127.0.0.1:9',
        INTERNAL_TOKEN: internalToken,
        ADMIN_PASSWORD: 'main-test-admin-password',
        HOST: '127.0.0.1',
        PORT: String(http),
        GRPC_HOST: '127.0.0.1',
        GRPC_PORT: String(grpc),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(metrics),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // 'close', not 'exit': by then everything it wrote (the reason it stopped) has been read.
    const closed = once(child, 'close');
    while (!output.includes('user-service listening')) {
      if (child.exitCode !== null) {
        await closed;
        throw new Error(`main exited: ${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    Object.assign(ports, { http, grpc, metrics });
  }

  beforeAll(async () => {
    postgres = (await getTestPostgres())!;
    redis = (await getTestRedis())!;
    const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '/nonexistent' });
    await database.migrate();
    await database.close();
    // The ports are free when picked; main is started again on new ones should one be taken meanwhile.
    await startOnFreePorts(3, startMain);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await redis?.cleanup();
    await postgres?.cleanup();
  });

  it('serves HTTP and gRPC, then stops cleanly on SIGTERM', async () => {
    const mode = await fetch(`http://127.0.0.1:${ports.http}/api/site-mode`);
    expect(await mode.json()).toMatchObject({ mode: 'normal' });
    expect((await fetch(`http://127.0.0.1:${ports.http}/admin/api/stats`)).status).toBe(401);
    // Without the deployment's INTERNAL_TOKEN the gRPC port answers nothing but UNAUTHENTICATED.
    const stranger = new GrpcApiKeyVerifier(`127.0.0.1:${ports.grpc}`, { deadlineMs: 10_000 });
    await expect(stranger.verify(hashSecret('sk-not-issued'))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    stranger.close();
    const verifier = new GrpcApiKeyVerifier(`127.0.0.1:${ports.grpc}`, {
      deadlineMs: 10_000,
      auth: { token: internalToken },
    });
    expect(await verifier.verify(hashSecret('sk-not-issued'))).toBeNull();
    verifier.close();
    const scraped = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
    expect(scraped).toMatch(
      /kirogate_user_service_grpc_seconds_count\{[^}]*method="VerifyApiKey"[^}]*code="OK"[^}]*\} 1/,
    );
    expect(output).not.toContain('main-test-admin-password');
    expect(output).not.toContain('main-test-session-secret');
    expect(output).not.toContain(internalToken);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
