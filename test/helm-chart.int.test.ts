import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifests } from '../k8s/tools/validate-manifests.ts';
import {
  chartDir as chart,
  helmMissing,
  lintChart,
  type Rendered,
  renderChart as render,
} from './support/helm.ts';

const examples = readdirSync(join(chart, 'examples'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => join('examples', name));
const valueSets = ['(defaults)', ...examples];

function podSpecs(objects: Rendered[]) {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
    .map((object) => ({ object, pod: object.spec?.template.spec }));
}

describe.skipIf(helmMissing !== undefined)('the Helm chart', () => {
  it.each(valueSets)('lints strictly with %s', async (valueSet) => {
    expect(await lintChart(valueSet)).toContain('0 chart(s) failed');
  });

  it.each(valueSets)('renders only schema-valid objects with %s', async (valueSet) => {
    const objects = await render(valueSet);
    expect(objects.length).toBeGreaterThan(10);
    expect(await validateManifests(objects)).toEqual([]);
  });

  it('catches an unknown field and a wrong type in a rendered object', async () => {
    const [deployment] = (await render('(defaults)')).filter((object) => object.kind === 'Deployment');
    const broken = structuredClone(deployment) as Rendered;
    broken.spec.template.spec.containers[0].livenessprobe = {};
    broken.spec.replicas = 'two';
    const problems = await validateManifests([broken]);
    expect(problems.join('\n')).toMatch(/livenessprobe/);
    expect(problems.join('\n')).toMatch(/replicas/);
  });

  it('refuses values that break the values schema', async () => {
    await expect(render('(defaults)', ['--set', 'apiGateway.replicas=two'])).rejects.toThrow(/replicas/);
    await expect(render('(defaults)', ['--set', 'openStreamsScaling.mode=sometimes'])).rejects.toThrow(
      /mode/,
    );
  });

  it.each(valueSets)('is production-safe with %s', async (valueSet) => {
    const objects = await render(valueSet);
    const scaled = new Set(
      objects
        .filter((object) => object.kind === 'HorizontalPodAutoscaler' || object.kind === 'ScaledObject')
        .map((object) => object.spec?.scaleTargetRef.name),
    );
    for (const { object, pod } of podSpecs(objects)) {
      const name = `${object.kind}/${object.metadata.name}`;
      if (scaled.has(object.metadata.name)) expect(object.spec, name).not.toHaveProperty('replicas');
      expect(pod.securityContext.seccompProfile, name).toEqual({ type: 'RuntimeDefault' });
      expect(pod.securityContext.runAsNonRoot, name).toBe(true);
      expect(pod.automountServiceAccountToken, name).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext, name).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        if (!/postgres/.test(name)) expect(container.securityContext.readOnlyRootFilesystem, name).toBe(true);
        expect(container.resources?.limits?.memory, name).toBeDefined();
      }
    }
    const serviceNames = ['api-gateway', 'token-broker', 'user-service', 'worker'];
    const services = objects.filter(
      (object) =>
        object.kind === 'Deployment' &&
        serviceNames.includes(object.metadata.labels?.['app.kubernetes.io/name'] ?? ''),
    );
    expect(services.map((object) => object.metadata.name).sort()).toEqual([
      'kirogate-api-gateway',
      'kirogate-token-broker',
      'kirogate-user-service',
      'kirogate-worker',
    ]);
    for (const deployment of services) {
      const name = deployment.metadata.name;
      const pod = deployment.spec?.template.spec;
      const [container] = pod.containers;
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        expect(container[probe]?.timeoutSeconds, `${name} ${probe}`).toBeGreaterThanOrEqual(2);
      }
      expect(Object.keys(deployment.spec?.template.metadata.annotations), name).toContain('checksum/config');
      const shutdownMs = Number(
        container.env.find((e: { name: string }) => e.name === 'SHUTDOWN_TIMEOUT_MS').value,
      );
      expect(shutdownMs / 1000 + container.lifecycle.preStop.sleep.seconds, name).toBeLessThanOrEqual(
        pod.terminationGracePeriodSeconds,
      );
      if (name.endsWith('api-gateway')) {
        // NON_STREAM_TIMEOUT is 900 s: a request that started just before SIGTERM may finish.
        expect(shutdownMs, name).toBeGreaterThanOrEqual(900_000);
      }
    }
    const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
    if (policies.length > 0) {
      for (const policy of policies)
        expect(policy.spec?.policyTypes, policy.metadata.name).toContain('Egress');
      const gateway = policies.find((policy) => policy.metadata.name === 'kirogate-api-gateway');
      const egressPorts = gateway?.spec?.egress.flatMap((rule: { ports: { port: number }[] }) =>
        rule.ports.map((port) => port.port),
      );
      expect(egressPorts).toEqual(expect.arrayContaining([53, 443, 50051, 50052, 8080]));
    }
    const config = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === 'kirogate-config',
    );
    expect(config?.data.TOKEN_BROKER_URL).toMatch(/^dns:\/\/\/kirogate-token-broker-headless\./);
    const headless = objects.find((object) => object.metadata.name === 'kirogate-token-broker-headless');
    expect(headless?.spec?.clusterIP).toBe('None');
    const migrate = objects.find((object) => object.kind === 'Job');
    expect(migrate?.metadata.annotations?.['helm.sh/hook']).toMatch(/pre-upgrade/);
    expect(migrate?.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe('before-hook-creation');
  });

  it('routes streams through an Ingress with SSE-safe timeouts, buffering and body size', async () => {
    const ingress = (await render('examples/production.yaml')).find((object) => object.kind === 'Ingress');
    const annotations = ingress?.metadata.annotations ?? {};
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(900);
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(
      Number.parseInt(annotations['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '0', 10),
    ).toBeGreaterThanOrEqual(50);
  });

  it('generates the secrets a dev install needs to boot', async () => {
    const secret = (await render('examples/dev.yaml')).find((object) => object.kind === 'Secret');
    const keys = Object.keys(secret?.data ?? {});
    expect(keys).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'REDIS_URL',
        'TOKEN_ENCRYPT_KEY',
        'USER_SESSION_SECRET',
        'INTERNAL_TOKEN',
      ]),
    );
    const key = Buffer.from(secret?.data.TOKEN_ENCRYPT_KEY, 'base64').toString();
    expect(key.length).toBeGreaterThanOrEqual(32);
  });

  it('ships a dashboard and alert rules whose runbooks exist', async () => {
    const objects = await render('examples/production.yaml');
    const rule = objects.find((object) => object.kind === 'PrometheusRule');
    const alerts = rule?.spec?.groups.flatMap(
      (group: { rules: { alert: string; annotations: Record<string, string> }[] }) => group.rules,
    );
    expect(alerts.map((alert: { alert: string }) => alert.alert).sort()).toEqual([
      'KiroGateEventLoopLag',
      'KiroGateFailedJobs',
      'KiroGateHighErrorRatio',
      'KiroGateNoActiveCredentials',
      'KiroGateQueueBacklog',
      'KiroGateSlowFirstToken',
      'KiroGateTargetDown',
    ]);
    for (const alert of alerts) {
      const runbook = /\/runbooks\/(.+\.md)$/.exec(alert.annotations.runbook_url)?.[1];
      expect(
        runbook && existsSync(new URL(`../docs/runbooks/${runbook}`, import.meta.url)),
        alert.alert,
      ).toBe(true);
    }
    const dashboard = objects.find((object) => object.metadata.name === 'kirogate-dashboard');
    const json = JSON.parse(dashboard?.data['kirogate-overview.json']);
    expect(json.templating.list.map((variable: { name: string }) => variable.name)).toEqual(
      expect.arrayContaining(['namespace', 'pod']),
    );
    const rows = json.panels
      .filter((panel: { type: string }) => panel.type === 'row')
      .map((row: { title: string }) => row.title);
    expect(rows).toEqual(expect.arrayContaining(['Token broker pool', 'Worker queues', 'User service']));
    expect(JSON.parse(readFileSync(join(chart, 'dashboards/kirogate-overview.json'), 'utf8'))).toEqual(json);
  });
});
