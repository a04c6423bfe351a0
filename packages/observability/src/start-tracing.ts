import { register as registerAsyncHooks } from 'node:module';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { markTracingStarted } from './trace-carrier.ts';
import { setTracingSdk } from './tracing-sdk.ts';

/** ESM imports bypass `require` hooks, so these packages are wrapped by import-in-the-middle instead. */
const hookedModules = ['pg', 'pg-pool', 'ioredis'];

/** Probes and scrapes would otherwise drown the traces of real requests. */
const untracedPaths = new Set(['/metrics', '/healthz', '/readyz']);

/**
 * Starts the OpenTelemetry SDK with an OTLP/HTTP trace exporter configured by the standard `OTEL_*`
 * variables. Incoming and outgoing HTTP, fetch (undici), ioredis and pg are traced.
 */
export function startTracing({ serviceName }: { serviceName: string }): void {
  if (supportsSyncHooks()) {
    registerSyncHooks({ include: hookedModules });
  } else {
    registerAsyncHooks('import-in-the-middle/hook.mjs', import.meta.url, {
      data: { include: hookedModules },
    });
  }
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => untracedPaths.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      new UndiciInstrumentation(),
      new IORedisInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  markTracingStarted();
  setTracingSdk(sdk);
}
