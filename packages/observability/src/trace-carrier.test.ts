import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentContext, runWithContext } from './request-context.ts';
import {
  currentTraceCarrier,
  markTracingStarted,
  runInSpan,
  runWithTraceCarrier,
  toTraceCarrier,
} from './trace-carrier.ts';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const spanId = 'b7ad6b7169203331';
const traceparent = `00-${traceId}-${spanId}-01`;

// First, before any SDK: the flag below is set once per process and never cleared.
describe('without a tracing SDK', () => {
  it('makes no span but still restores the request id', async () => {
    const seen = await runWithTraceCarrier(
      { traceparent, requestId: 'req-1' },
      { name: 'LeaseCredential', kind: 'server' },
      async () => ({ span: trace.getActiveSpan(), requestId: currentContext()?.requestId }),
    );
    expect(seen).toEqual({ span: undefined, requestId: 'req-1' });
    expect(
      await runInSpan({ name: 'call', kind: 'client' }, async () => trace.getActiveSpan()),
    ).toBeUndefined();
  });
});

describe('trace carriers', () => {
  // What the tracing SDK registers when it starts.
  beforeAll(() => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    markTracingStarted();
  });
  afterAll(() => {
    propagation.disable();
    context.disable();
  });

  it('captures the active span as traceparent, with the request id', () => {
    const span = trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    const carrier = context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      runWithContext({ requestId: 'req-9' }, currentTraceCarrier),
    );
    expect(carrier).toEqual({ traceparent, requestId: 'req-9' });
  });

  it('continues the carried trace and restores the request id on the other side', async () => {
    const seen = await runWithTraceCarrier(
      { traceparent, requestId: 'req-9' },
      { name: 'LeaseCredential', kind: 'server' },
      async () => ({
        traceId: trace.getSpanContext(context.active())?.traceId,
        requestId: currentContext()?.requestId,
      }),
    );
    // No SDK here: the span is non-recording, but the remote parent's trace id is what it carries.
    expect(seen).toEqual({ traceId, requestId: 'req-9' });
  });

  it('keeps only well-formed fields of untrusted input', () => {
    expect(toTraceCarrier({ traceparent: 1, tracestate: 'a=b', requestId: 'x y' })).toEqual({
      tracestate: 'a=b',
    });
    expect(toTraceCarrier('traceparent')).toEqual({});
  });
});
