import { Metadata } from '@grpc/grpc-js';
import { currentTraceCarrier, type TraceCarrier, toTraceCarrier } from '@kirogate/observability';

const keys = { traceparent: 'traceparent', tracestate: 'tracestate', requestId: 'x-request-id' } as const;

/** Metadata for an outgoing call: the active trace context and request id. */
export function traceMetadata(): Metadata {
  const metadata = new Metadata();
  const carrier = currentTraceCarrier();
  for (const [field, key] of Object.entries(keys) as [keyof TraceCarrier, string][]) {
    const value = carrier[field];
    if (value) metadata.set(key, value);
  }
  return metadata;
}

/** The trace context and request id an incoming call brought, validated. */
export function traceCarrierFrom(metadata: Metadata): TraceCarrier {
  const raw: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(keys)) {
    const [value] = metadata.get(key);
    if (typeof value === 'string') raw[field] = value;
  }
  return toTraceCarrier(raw);
}
