import { currentTraceCarrier, type TraceCarrier, toTraceCarrier } from '@kirogate/observability';

/**
 * Where a job's data carries the trace context and request id of the code that enqueued it. Payload
 * schemas are plain objects, which drop unknown keys when parsed, so processors never see it.
 */
export const traceField = '_trace';

/** `data` with the active trace context and request id added (unchanged when there are none). */
export function withJobTrace(data: unknown): unknown {
  const carrier = currentTraceCarrier();
  if (Object.keys(carrier).length === 0 || typeof data !== 'object' || data === null || Array.isArray(data)) {
    return data;
  }
  return { ...data, [traceField]: carrier };
}

/** The trace context and request id a job was enqueued with, validated. */
export function jobTrace(data: unknown): TraceCarrier {
  if (typeof data !== 'object' || data === null) return {};
  return toTraceCarrier((data as Record<string, unknown>)[traceField]);
}
