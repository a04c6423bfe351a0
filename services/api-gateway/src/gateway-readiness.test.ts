import { describe, expect, it } from 'vitest';
import { gatewayReadiness } from './gateway-readiness.ts';

describe('gatewayReadiness', () => {
  it('keeps the gateway ready while the token broker and Redis are down, and says so', async () => {
    const report = await gatewayReadiness({
      sharedState: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')),
      tokenBroker: () => Promise.reject(new Error('14 UNAVAILABLE: No connection established')),
    })();
    expect(report.ok).toBe(true);
    expect(report.checks.sharedState).toMatchObject({ ok: false, advisory: true });
    expect(report.checks.tokenBroker).toMatchObject({ ok: false, advisory: true });
  });

  it('reports both dependencies healthy when they answer', async () => {
    const report = await gatewayReadiness({
      sharedState: async () => 'PONG',
      tokenBroker: async () => ({}),
    })();
    expect(report).toEqual({
      ok: true,
      checks: { sharedState: { ok: true, advisory: true }, tokenBroker: { ok: true, advisory: true } },
    });
  });
});
