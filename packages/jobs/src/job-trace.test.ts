import { runWithContext } from '@kirogate/observability';
import { describe, expect, it } from 'vitest';
import { jobTrace, traceField, withJobTrace } from './job-trace.ts';
import { usageEventSchema } from './usage-event.ts';

describe('job trace context', () => {
  it('carries the request id in the job data and reads it back after a JSON round trip', () => {
    const data = runWithContext({ requestId: 'req-123' }, () => withJobTrace({ a: 1 }));
    expect(data).toEqual({ a: 1, [traceField]: { requestId: 'req-123' } });
    expect(jobTrace(JSON.parse(JSON.stringify(data)))).toEqual({ requestId: 'req-123' });
  });

  it('leaves data alone outside a trace and a request', () => {
    const data = { a: 1 };
    expect(withJobTrace(data)).toBe(data);
    expect(jobTrace(data)).toEqual({});
  });

  it('drops malformed values from untrusted job data', () => {
    expect(jobTrace({ [traceField]: { traceparent: 7, requestId: 'bad id\nwith newline' } })).toEqual({});
  });

  it('is invisible to the payload schema', () => {
    const event = usageEventSchema.parse({
      ...validUsageEvent(),
      [traceField]: { requestId: 'req-1' },
    });
    expect(event).not.toHaveProperty(traceField);
  });
});

function validUsageEvent() {
  return {
    requestId: 'req-1',
    at: new Date().toISOString(),
    caller: 'proxy',
    userId: null,
    keyId: null,
    credentialId: null,
    model: 'claude-sonnet-4.5',
    api: 'openai',
    stream: false,
    status: 'success',
    httpStatus: 200,
    errorClass: null,
    inputTokens: 1,
    outputTokens: 1,
    credits: 0,
    ttftMs: null,
    durationMs: 1,
    attempts: 1,
    ip: null,
  };
}
