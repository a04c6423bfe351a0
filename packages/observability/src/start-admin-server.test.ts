import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.ts';
import { type ReadinessReport, readinessFrom } from './readiness.ts';
import { type AdminServer, startAdminServer } from './start-admin-server.ts';

const servers: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(readiness: () => Promise<ReadinessReport>, shuttingDown = { value: false }) {
  const metrics = createMetrics('admin-test');
  metrics.counter({ name: 'probe_total', help: 'x' }).inc();
  const server = await startAdminServer({
    port: 0,
    host: '127.0.0.1',
    registry: metrics.registry,
    readiness,
    isShuttingDown: () => shuttingDown.value,
  });
  servers.push(server);
  const get = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${server.port}${path}`, { method });
  return { get, shuttingDown };
}

describe('startAdminServer', () => {
  it('serves Prometheus text on /metrics', async () => {
    const { get } = await start(readinessFrom({}));
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('kirogate_probe_total{service="admin-test"} 1');
  });

  it('answers liveness even when dependencies are down', async () => {
    const { get } = await start(readinessFrom({ postgres: () => Promise.reject(new Error('down')) }));
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(503);
  });

  it('reports each dependency check and scrubs failure details', async () => {
    const { get } = await start(
      readinessFrom({
        postgres: async () => undefined,
        redis: () => Promise.reject(new Error('connect redis://:hunter2hunter2@cache:6379 refused')),
      }),
    );
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as ReadinessReport;
    expect(body.ok).toBe(false);
    expect(body.checks.postgres).toEqual({ ok: true });
    expect(body.checks.redis?.ok).toBe(false);
    expect(body.checks.redis?.detail).toContain('refused');
    expect(JSON.stringify(body)).not.toContain('hunter2hunter2');
  });

  it('stays ready when only an advisory check fails, and still reports it', async () => {
    const { get } = await start(
      readinessFrom(
        { tokenBroker: () => Promise.reject(new Error('14 UNAVAILABLE: No connection established')) },
        { advisory: ['tokenBroker'] },
      ),
    );
    const res = await get('/readyz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReadinessReport;
    expect(body.ok).toBe(true);
    expect(body.checks.tokenBroker).toMatchObject({ ok: false, advisory: true });
    expect(body.checks.tokenBroker?.detail).toContain('UNAVAILABLE');
  });

  it('fails a check that outlasts its timeout', async () => {
    const { get } = await start(
      readinessFrom({ slow: () => new Promise(() => undefined) }, { timeoutMs: 20 }),
    );
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as ReadinessReport).checks.slow?.ok).toBe(false);
  });

  it('turns not ready while shutting down, before asking dependencies', async () => {
    let probed = 0;
    const { get, shuttingDown } = await start(async () => {
      probed += 1;
      return { ok: true, checks: {} };
    });
    expect((await get('/readyz')).status).toBe(200);
    shuttingDown.value = true;
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, shuttingDown: true });
    expect(probed).toBe(1);
  });

  it('answers 503 when the probe itself throws, and 404/405 for anything else', async () => {
    const { get } = await start(() => Promise.reject(new Error('boom')));
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/metrics', 'POST')).status).toBe(405);
  });
});
