import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startKiroSim } from '@kirogate/kiro-sim';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { helmMissing, type Rendered, renderChart } from './support/helm.ts';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver.ts';
import { type ScaledStack, type ServiceName, startScaledStack } from './support/scaled-stack.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');

/** The build stage's RUN line and the runtime stage's ENV NODE_OPTIONS, read from the Dockerfile. */
function fromDockerfile(): { build: string; nodeOptions: string } {
  const build = /^RUN (npm ci .*)$/m.exec(dockerfile)?.[1];
  const nodeOptions = /^ENV NODE_OPTIONS="([^"]+)"$/m.exec(dockerfile)?.[1];
  if (!build || !nodeOptions) throw new Error('Dockerfile: no `RUN npm ci …` or `ENV NODE_OPTIONS` line');
  return { build, nodeOptions };
}

/**
 * The image without a Docker engine: the repository's files copied to a scratch directory, built by
 * the Dockerfile's own RUN line (`npm ci`, `tsc -b`, `npm prune --omit=dev`), then every service
 * started from its `dist` entry with the command and environment the Helm chart renders and the
 * image's NODE_OPTIONS, against real Postgres and Redis and the Kiro simulator. One chat request must
 * go through, and each service must export traces (tracing starts from the image's NODE_OPTIONS).
 */
describeWithServices('the image, built and run as the chart runs it', { postgres: true, redis: true }, () => {
  let scratch: string;
  let sim: Awaited<ReturnType<typeof startKiroSim>>;
  let receiver: OtlpReceiver;
  let postgres: TestPostgres;
  let redis: TestRedis;
  let stack: ScaledStack;
  const proxyKey = `pk-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    if (helmMissing) throw new Error(helmMissing);
    const { build, nodeOptions } = fromDockerfile();
    scratch = mkdtempSync(join(tmpdir(), 'kirogate-image-'));
    // The build context: the repository's files (git's view, so no node_modules, dist or .env).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repoRoot,
    });
    execFileSync('tar', ['-cf', join(scratch, '.context.tar'), '--null', '-T', '-'], {
      cwd: repoRoot,
      input: files,
    });
    execFileSync('tar', ['-xf', '.context.tar'], { cwd: scratch });
    rmSync(join(scratch, '.context.tar'));
    // Exactly the Dockerfile's command, in an environment as clean as the build stage's: npm's own
    // variables of the `npm test` that runs this file (its project, NODE_ENV=test) stay out. Packages
    // come from the npm cache that `npm ci` just filled.
    const buildEnv = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^npm_/i.test(name) && !/^NODE_(ENV|OPTIONS)$/.test(name),
      ),
    );
    await run('sh', ['-c', build], {
      cwd: scratch,
      env: { ...buildEnv, npm_config_prefer_offline: 'true', npm_config_loglevel: 'error' },
      maxBuffer: 64 * 1024 * 1024,
    });

    const objects = await renderChart('(defaults)');
    const config = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === 'kirogate-config',
    );
    const containers = new Map<string, { command: string[]; env: { name: string; value: string }[] }>(
      objects
        .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
        .map((object: Rendered) => [
          object.metadata.labels?.['app.kubernetes.io/name'] ?? '',
          object.spec.template.spec.containers[0],
        ]),
    );
    const chartEnv = (name: string): Record<string, string> =>
      Object.fromEntries(
        (containers.get(name)?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
      );

    sim = await startKiroSim({});
    receiver = await startOtlpReceiver();
    const [pg, rd] = await Promise.all([getTestPostgres(), getTestRedis()]);
    if (!pg || !rd) throw new Error('needs Postgres and Redis');
    postgres = pg;
    redis = rd;
    // The secrets the chart takes from its Secret, and the addresses of this machine's servers.
    const secrets = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      TOKEN_ENCRYPT_KEY: randomBytes(32).toString('base64'),
      USER_SESSION_SECRET: randomBytes(32).toString('base64'),
      INTERNAL_TOKEN: randomBytes(32).toString('base64'),
      PROXY_API_KEY: proxyKey,
      REFRESH_TOKEN: `aor${randomBytes(120).toString('base64url')}`,
    };
    const image = { NODE_ENV: 'production', NODE_OPTIONS: nodeOptions };

    const migrate = containers.get('migrate');
    if (!migrate) throw new Error('the chart renders no migration Job');
    const [node, ...args] = migrate.command;
    expect(node).toBe('node');
    await run(process.execPath, args, {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', ...image, DATABASE_URL: postgres.url },
    });

    stack = await startScaledStack({
      cwd: scratch,
      command: (service: ServiceName) => containers.get(service)?.command ?? [],
      env: (service: ServiceName) => ({
        ...image,
        ...config?.data,
        ...chartEnv(service),
        ...secrets,
        REDIS_KEY_PREFIX: redis.keyPrefix,
        KIRO_API_URL: sim.url,
        KIRO_AUTH_URL: sim.url,
        KIRO_OIDC_URL: sim.url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        // The chart's drain window is 15 minutes; the test has nothing left open when it stops.
        SHUTDOWN_TIMEOUT_MS: '2000',
      }),
    });
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    await sim?.close();
    await redis?.cleanup();
    await postgres?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('answers a chat request through all four services started from dist', async () => {
    const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxyKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hello, image!' }],
      }),
    });
    const body = await response.text();
    expect(response.status, body).toBe(200);
    expect(body).toContain('You said: Hello, image!');
    for (const [service, port] of Object.entries(stack.adminPorts)) {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status, service).toBe(200);
    }
  });

  it('exports traces from every service, started by the image NODE_OPTIONS', async () => {
    const services = () => new Set(receiver.spans.map((span) => span.service));
    await expect
      .poll(services, { timeout: 30_000 })
      .toEqual(new Set(['api-gateway', 'token-broker', 'user-service', 'worker']));
  });

  it('runs with production dependencies only', () => {
    const resolve = (name: string) =>
      spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `console.log(import.meta.resolve('${name}'))`],
        {
          cwd: scratch,
          encoding: 'utf8',
        },
      );
    const typescript = resolve('typescript');
    expect(typescript.status, `typescript resolved to ${typescript.stdout}`).not.toBe(0);
    expect(typescript.stderr).toContain('ERR_MODULE_NOT_FOUND');
    expect(resolve('@kirogate/observability').stdout).toContain(scratch);
  });
});
