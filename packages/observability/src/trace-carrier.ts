import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { currentContext, runWithContext } from './request-context.ts';

/**
 * What crosses a process boundary with a call or a job so that the other side continues the same
 * trace and logs the same request id: W3C `traceparent`/`tracestate` and `x-request-id`.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
  requestId?: string;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The active span's context and the current request id; empty fields are left out. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const result: TraceCarrier = {};
  if (carrier.traceparent) result.traceparent = carrier.traceparent;
  if (carrier.tracestate) result.tracestate = carrier.tracestate;
  const requestId = currentContext()?.requestId;
  if (requestId) result.requestId = requestId;
  return result;
}

/** Reads a carrier from untrusted input (job data, metadata), keeping only well-formed strings. */
export function toTraceCarrier(value: unknown): TraceCarrier {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const result: TraceCarrier = {};
  if (typeof record.traceparent === 'string' && record.traceparent.length <= 128) {
    result.traceparent = record.traceparent;
  }
  if (typeof record.tracestate === 'string' && record.tracestate.length <= 512) {
    result.tracestate = record.tracestate;
  }
  if (typeof record.requestId === 'string' && requestIdPattern.test(record.requestId)) {
    result.requestId = record.requestId;
  }
  return result;
}

export interface SpanOptions {
  name: string;
  kind: 'server' | 'client' | 'consumer' | 'producer' | 'internal';
  attributes?: Record<string, string | number | boolean>;
}

const kinds = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  consumer: SpanKind.CONSUMER,
  producer: SpanKind.PRODUCER,
  internal: SpanKind.INTERNAL,
} as const;

const tracer = () => trace.getTracer('kirogate');

/** Set once a tracing SDK runs (`startTracing`); until then spans are skipped, not made as no-ops. */
let tracing = false;

export function markTracingStarted(): void {
  tracing = true;
}

/**
 * Runs `fn` in a span that continues the carrier's trace, with the carrier's request id as the request
 * context (log lines carry it). Without a tracing SDK the span is a no-op and only the id is kept.
 */
export function runWithTraceCarrier<T>(
  carrier: TraceCarrier,
  span: SpanOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const run = tracing ? () => inSpan(span, fn, propagation.extract(context.active(), carrier)) : fn;
  return carrier.requestId ? runWithContext({ requestId: carrier.requestId }, run) : run();
}

/** Runs `fn` in a child span of the active one (a gRPC client call, say). */
export function runInSpan<T>(span: SpanOptions, fn: () => Promise<T>): Promise<T> {
  return tracing ? inSpan(span, fn, context.active()) : fn();
}

function inSpan<T>(options: SpanOptions, fn: () => Promise<T>, parent: ReturnType<typeof context.active>) {
  const attributes = { ...options.attributes };
  const requestId = currentContext()?.requestId;
  if (requestId) attributes['kirogate.request_id'] = requestId;
  return tracer().startActiveSpan(
    options.name,
    { kind: kinds[options.kind], attributes },
    parent,
    async (span: Span) => {
      try {
        return await fn();
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.name : 'error',
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
