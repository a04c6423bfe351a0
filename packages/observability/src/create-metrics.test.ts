import { randomBytes, randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.ts';

async function histogramCounts(registry: Registry, name: string): Promise<Record<string, unknown>[]> {
  const metric = await registry.getSingleMetric(name)?.get();
  const samples: { metricName?: string; labels: object; value: number }[] = metric?.values ?? [];
  return samples
    .filter((sample) => sample.metricName === `${name}_count`)
    .map((sample) => ({ ...sample.labels, count: sample.value }));
}

describe('createMetrics', () => {
  it('prefixes names, labels every series with the service and includes default metrics', async () => {
    const metrics = createMetrics('api-gateway');
    metrics
      .counter({ name: 'requests_total', help: 'Requests', labelNames: ['status'] })
      .inc({ status: 200 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('kirogate_requests_total{status="200",service="api-gateway"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="api-gateway"\}/m);
  });

  it('refuses label names that invite secrets', () => {
    const metrics = createMetrics('test');
    for (const label of ['key', 'token', 'Authorization', 'api_key', 'refresh_token', 'password', 'cookie']) {
      expect(
        () => metrics.counter({ name: `bad_${randomUUID().slice(0, 8)}`, help: 'x', labelNames: [label] }),
        label,
      ).toThrow(/could carry a secret/);
    }
    expect(() =>
      metrics.counter({ name: 'fine_total', help: 'x', labelNames: ['model', 'key_id'] }),
    ).not.toThrow();
  });

  it('rejects names that are not snake_case', () => {
    expect(() => createMetrics('test').gauge({ name: 'Bad-Name', help: 'x' })).toThrow(/snake_case/);
  });

  it('replaces secret-looking label values and keeps ordinary ones', async () => {
    const metrics = createMetrics('test');
    const hist = metrics.histogram({
      name: 'latency_seconds',
      help: 'x',
      labelNames: ['model'],
      buckets: [0.1, 1],
    });
    const secrets = [
      `sk-${randomBytes(20).toString('hex')}`,
      `aor${randomBytes(40).toString('base64url')}`,
      `Bearer ${randomBytes(20).toString('base64')}`,
      `${randomBytes(30).toString('base64url')}A1b`,
    ];
    for (const model of secrets) hist.observe({ model }, 0.5);
    const credentialId = randomUUID();
    for (const model of ['claude-sonnet-4-5-20250929', credentialId]) hist.observe({ model }, 0.5);
    const text = await metrics.registry.metrics();
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(await histogramCounts(metrics.registry, 'kirogate_latency_seconds')).toEqual([
      { model: 'redacted', count: 4 },
      { model: 'claude-sonnet-4-5-20250929', count: 1 },
      { model: credentialId, count: 1 },
    ]);
  });

  it('times observations and merges end labels', async () => {
    const metrics = createMetrics('test');
    const hist = metrics.histogram({ name: 'op_seconds', help: 'x', labelNames: ['op', 'outcome'] });
    const stop = hist.startTimer({ op: 'refresh' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = stop({ outcome: 'ok' });
    expect(seconds).toBeGreaterThan(0);
    expect(await histogramCounts(metrics.registry, 'kirogate_op_seconds')).toEqual([
      { op: 'refresh', outcome: 'ok', count: 1 },
    ]);
  });

  it('reads collected gauges at scrape time', async () => {
    const metrics = createMetrics('test');
    let inFlight = 3;
    metrics.gauge({ name: 'in_flight', help: 'x', collect: (gauge) => gauge.set({}, inFlight) });
    expect(await metrics.registry.metrics()).toContain('kirogate_in_flight{service="test"} 3');
    inFlight = 7;
    expect(await metrics.registry.metrics()).toContain('kirogate_in_flight{service="test"} 7');
  });
});
