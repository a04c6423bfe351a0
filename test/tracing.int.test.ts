import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@kirogate/db';
import { startKiroSim } from '@kirogate/kiro-sim';
import {
  describeWithServices,
  getTestPostgres,
  getTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './support/otlp-receiver.ts';
import { type ScaledStack, startScaledStack } from './support/scaled-stack.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const serverKind = 2;
const clientKind = 3;
const consumerKind = 5;

/**
 * One chat request through the four services as processes started the way `npm run <service>` starts
 * them, each exporting to a loopback OTLP receiver: the gateway's span, the broker's lease, the Kiro
 * call and the worker's usage job must form one trace, with the request id on the remote spans.
 */
describeWithServices('tracing across the scaled services', { postgres: true, redis: true }, () => {
  let sim: Awaited<ReturnType<typeof startKiroSim>>;
  let receiver: OtlpReceiver;
  let postgres: TestPostgres;
  let redis: TestRedis;
  let stack: ScaledStack;
  const proxyKey = `pk-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    sim = await startKiroSim({});
    receiver = await startOtlpReceiver();
    const [pg, rd] = await Promise.all([getTestPostgres(), getTestRedis()]);
    if (!pg || !rd) throw new Error('needs Postgres and Redis');
    postgres = pg;
    redis = rd;
    const database = await createDatabase({ databaseUrl: postgres.url, dataDir: '/nonexistent' });
    await database.migrate();
    await database.close();
    const shared = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      TOKEN_ENCRYPT_KEY: randomBytes(32).toString('hex'),
      USER_SESSION_SECRET: randomBytes(32).toString('hex'),
      INTERNAL_TOKEN: randomBytes(32).toString('hex'),
      PROXY_API_KEY: proxyKey,
      REFRESH_TOKEN: `aor${randomBytes(120).toString('base64url')}`,
      KIRO_API_URL: sim.url,
      KIRO_AUTH_URL: sim.url,
      KIRO_OIDC_URL: sim.url,
      SHUTDOWN_TIMEOUT_MS: '2000',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      // Export within a fraction of a second instead of every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    stack = await startScaledStack({
      cwd: repoRoot,
      command: (service) => [
        'node',
        '--conditions=source',
        '--import',
        '@kirogate/observability/otel-register',
        `services/${service}/src/main.ts`,
      ],
      env: (service) => ({ ...shared, SERVICE_NAME: service }),
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    await sim?.close();
    await redis?.cleanup();
    await postgres?.cleanup();
  });

  it('follows one request from the gateway through the broker and Kiro to the worker', async () => {
    const requestId = `trace-${randomBytes(6).toString('hex')}`;
    const response = await fetch(`${stack.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${proxyKey}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Trace me' }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You said: Trace me');

    const lease = () =>
      receiver.spans.find(
        (span) =>
          span.service === 'token-broker' &&
          span.name === 'LeaseCredential' &&
          span.attributes['kirogate.request_id'] === requestId,
      );
    await expect.poll(lease, { timeout: 30_000 }).toBeDefined();
    const traceId = (lease() as ReceivedSpan).traceId;
    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const job = () =>
      inTrace().find(
        (span) =>
          span.service === 'worker' && span.kind === consumerKind && span.name.startsWith('job usage'),
      );
    await expect.poll(job, { timeout: 30_000 }).toBeDefined();

    const spans = inTrace();
    const root = spans.find((span) => span.parentSpanId === '');
    expect(root).toMatchObject({
      service: 'api-gateway',
      kind: serverKind,
      scope: '@opentelemetry/instrumentation-http',
    });
    const kiroCall = spans.find(
      (span) =>
        span.service === 'api-gateway' &&
        span.kind === clientKind &&
        String(span.attributes['url.full'] ?? '').includes('generateAssistantResponse'),
    );
    expect(kiroCall).toBeDefined();
    expect(job()?.attributes['kirogate.request_id']).toBe(requestId);
    // Every span hangs off another span of the same trace: nothing was started afresh on the way.
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans) if (span !== root) expect(ids.has(span.parentSpanId), span.name).toBe(true);
  });
});
