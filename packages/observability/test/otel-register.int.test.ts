import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A child process that does traced work: an HTTP round trip, a Postgres query and a Redis command. */
const workload = `
import { createServer } from 'node:http';
import { trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import pg from 'pg';
import { shutdownTracing } from '@kirogate/observability';
const slot = Symbol.for('kirogate.observability.tracing-sdk');
const started = globalThis[slot] !== undefined;
const server = createServer((req, res) => res.end('pong'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
await (await fetch('http://127.0.0.1:' + server.address().port + '/ping')).text();
server.close();
const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
await client.connect();
await client.query('SELECT 1 AS traced');
await client.end();
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
await redis.connect();
await trace.getTracer('workload').startActiveSpan('job', async (span) => {
  await redis.set('kg:otel-register-test', '1', 'EX', 5);
  span.end();
});
await redis.quit();
await shutdownTracing();
console.log(JSON.stringify({ started }));
`;

interface ExportedSpan {
  scope: string;
  name: string;
  service: unknown;
}

function collectSpans(body: string): ExportedSpan[] {
  const payload = JSON.parse(body) as {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { scope: { name: string }; spans: { name: string }[] }[];
    }[];
  };
  return payload.resourceSpans.flatMap((resource) => {
    const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    return resource.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({ scope: scope.scope.name, name: span.name, service })),
    );
  });
}

describe('otel-register', () => {
  let collector: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        if (req.url === '/v1/traces') spans.push(...collectSpans(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  async function runWorkload(env: Record<string, string>): Promise<{ started: boolean }> {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        '@kirogate/observability/otel-register',
        '--input-type=module',
        '-e',
        workload,
      ],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }

  it('does nothing without an OTLP endpoint', async () => {
    const result = await runWorkload({});
    expect(result.started).toBe(false);
    expect(spans).toEqual([]);
  });

  it('exports spans for http, fetch, pg and ioredis imported as ESM when an endpoint is set', async () => {
    const result = await runWorkload({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'kg-otel-test',
    });
    expect(result.started).toBe(true);
    const scopes = new Set(spans.map((span) => span.scope));
    expect(scopes).toContain('@opentelemetry/instrumentation-http');
    expect(scopes).toContain('@opentelemetry/instrumentation-undici');
    expect(scopes).toContain('@opentelemetry/instrumentation-pg');
    expect(scopes).toContain('@opentelemetry/instrumentation-ioredis');
    expect(spans.every((span) => span.service === 'kg-otel-test')).toBe(true);
  });
});
