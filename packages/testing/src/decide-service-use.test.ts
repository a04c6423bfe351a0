import { describe, expect, it } from 'vitest';
import { decideServiceUse } from './decide-service-use.ts';

const noRedis = { service: 'redis', reason: 'ECONNREFUSED' } as const;
const noPostgres = { service: 'postgres', reason: 'no container runtime' } as const;

describe('decideServiceUse', () => {
  it('runs when nothing is missing, whether or not services are required', () => {
    expect(decideServiceUse([], false)).toEqual({ action: 'run' });
    expect(decideServiceUse([], true)).toEqual({ action: 'run' });
  });

  it('skips a missing service and names every one with its reason', () => {
    const use = decideServiceUse([noPostgres, noRedis], false);
    expect(use.action).toBe('skip');
    expect(use).toMatchObject({ reason: expect.stringContaining('postgres: no container runtime') });
    expect(use).toMatchObject({ reason: expect.stringContaining('redis: ECONNREFUSED') });
  });

  it('fails instead of skipping when services are required', () => {
    const use = decideServiceUse([noRedis], true);
    expect(use.action).toBe('fail');
    expect(use).toMatchObject({ reason: expect.stringMatching(/REQUIRE_SERVICES=1.*redis: ECONNREFUSED/) });
  });
});
