import { describe, expect, it } from 'vitest';
import { kiroHeaders } from './kiro-headers.ts';

const machineId = 'f'.repeat(64);

describe('kiroHeaders', () => {
  it('builds the chat headers of the Kiro IDE with the configured IDE version', () => {
    const headers = kiroHeaders({
      accessToken: 'aoaToken',
      machineId,
      invocationId: '11111111-2222-4333-8444-555555555555',
      userAgent: { ideVersion: '0.9.1', os: 'win32#10.0.22631', nodeVersion: '22.1.0' },
    });
    expect(headers).toEqual({
      authorization: 'Bearer aoaToken',
      'content-type': 'application/json',
      'user-agent':
        'aws-sdk-js/1.0.34 ua/2.1 os/win32#10.0.22631 lang/js md/nodejs#22.1.0 ' +
        `api/codewhispererstreaming#1.0.34 m/E KiroIDE-0.9.1-${machineId}`,
      'x-amz-user-agent': `aws-sdk-js/1.0.34 KiroIDE-0.9.1-${machineId}`,
      'x-amzn-codewhisperer-optout': 'true',
      'x-amzn-kiro-agent-mode': 'vibe',
      'amz-sdk-invocation-id': '11111111-2222-4333-8444-555555555555',
      'amz-sdk-request': 'attempt=1; max=3',
    });
  });

  it('gives every request a fresh UUIDv4 invocation id', () => {
    const first = kiroHeaders({ accessToken: 't', machineId })['amz-sdk-invocation-id'];
    const second = kiroHeaders({ accessToken: 't', machineId })['amz-sdk-invocation-id'];
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it('presents the runtime client with one attempt for getUsageLimits', () => {
    const headers = kiroHeaders({ accessToken: 't', machineId, api: 'codewhispererruntime', maxAttempts: 1 });
    expect(headers['user-agent']).toContain('api/codewhispererruntime#1.0.0 m/N,E KiroIDE-0.11.107-');
    expect(headers['amz-sdk-request']).toBe('attempt=1; max=1');
  });
});
