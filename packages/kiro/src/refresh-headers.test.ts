import { describe, expect, it } from 'vitest';
import { refreshHeaders } from './refresh-headers.ts';

const machineId = 'a'.repeat(64);

describe('refreshHeaders', () => {
  it('sends the Kiro IDE user agent with the machine id for social refresh', () => {
    expect(refreshHeaders('social', { machineId, attempt: 1, maxAttempts: 3 })).toEqual({
      'content-type': 'application/json',
      accept: 'application/json, text/plain, */*',
      'user-agent': `KiroIDE-0.11.107-${machineId}`,
    });
  });

  it('looks like the SSO-OIDC SDK client for IdC, numbering the attempt', () => {
    const headers = refreshHeaders('idc', { machineId, attempt: 2, maxAttempts: 3, invocationId: 'id-1' });
    expect(headers).toMatchObject({
      'x-amz-user-agent': 'aws-sdk-js/3.980.0 KiroIDE',
      'amz-sdk-invocation-id': 'id-1',
      'amz-sdk-request': 'attempt=2; max=3',
    });
    expect(headers['user-agent']).toMatch(
      /^aws-sdk-js\/3\.980\.0 ua\/2\.1 .* api\/sso-oidc#3\.980\.0 m\/E KiroIDE$/,
    );
    expect(JSON.stringify(headers)).not.toContain(machineId);
  });
});
